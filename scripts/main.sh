#!/usr/bin/env bash
# The main job: install what is missing, build everything (which assembles the IA-64 guest
# programs under guests/), show the emulator on its own (hpvm disasm, hpvm run), then start a
# local cluster — a controller and three host agents on this machine — create and start the demo
# guest, whose console prints a running counter, and show hpvm status. The cluster keeps running
# afterwards (hpvm console -P demo, hpvm cluster down to stop it).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/prerequisites.sh
dotnet build Cluster.sln -c Release -nologo -v quiet
hpvm() { dotnet src/Cli/bin/Release/net10.0/hpvm.dll "$@"; }
echo
echo "== hpvm disasm guests/bin/ia64/counter/counter (first lines) =="
hpvm disasm guests/bin/ia64/counter/counter | head -n 20
echo
echo "== hpvm run guests/bin/ia64/hello/hello =="
hpvm run guests/bin/ia64/hello/hello
echo
echo "== hpvm run --stats guests/bin/ia64/bench/fib =="
hpvm run --stats guests/bin/ia64/bench/fib
echo
echo "== hpvm cluster up --hosts 3 =="
if hpvm status >/dev/null 2>&1; then
    echo "(a local cluster is already running: using it)"
else
    hpvm cluster up --hosts 3
fi
echo
echo "== hpvm create -P demo; hpvm start -P demo =="
hpvm status -P demo >/dev/null 2>&1 || hpvm create -P demo -r 64M -l "demo running counter"
hpvm start -P demo 2>/dev/null || true
sleep 2
echo
echo "== hpvm console -P demo -q -c cl (its console so far) =="
hpvm console -P demo -q -c cl | tail -n 5
echo
echo "== hpvm status =="
hpvm status
echo
echo "The cluster keeps running: hpvm console -P demo (Ctrl-B leaves), hpvm status, hpvm cluster down."
