#!/usr/bin/env bash
# The main job: install what is missing, build everything (which assembles the IA-64 guest
# programs under guests/), disassemble the demo guest with hpvm disasm, then run guests with hpvm run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/prerequisites.sh
dotnet build Cluster.sln -c Release -nologo -v quiet
echo
echo "== hpvm disasm guests/bin/ia64/counter/counter =="
dotnet src/Cli/bin/Release/net10.0/hpvm.dll disasm guests/bin/ia64/counter/counter
echo
echo "== hpvm run guests/bin/ia64/hello/hello =="
dotnet src/Cli/bin/Release/net10.0/hpvm.dll run guests/bin/ia64/hello/hello
echo
echo "== hpvm run --stats guests/bin/ia64/bench/fib =="
dotnet src/Cli/bin/Release/net10.0/hpvm.dll run --stats guests/bin/ia64/bench/fib
