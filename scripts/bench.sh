#!/usr/bin/env bash
# Interpreter benchmarks: runs every program under guests/bench with `hpvm run --stats` and prints
# instructions, seconds and millions of instructions per second (every slot counted, as HP's Ski
# counts). With --ski BSKI (a locally built `bski` from trofi/ski; Ivm never ships or builds it) each
# program also runs under `BSKI -stats` right after, so the two are measured side by side.
#   bash scripts/bench.sh [--ski /path/to/bski] [--runs N]
set -euo pipefail
cd "$(dirname "$0")/.."
ski="" runs=1
while [ $# -gt 0 ]; do
    case "$1" in
        --ski) ski="${2:?--ski needs the path of bski}"; shift 2 ;;
        --runs) runs="${2:?--runs needs a number}"; shift 2 ;;
        -h|--help) sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "bench.sh: unknown argument '$1' (use --ski PATH, --runs N)" >&2; exit 2 ;;
    esac
done
if [ -n "$ski" ] && [ ! -x "$ski" ]; then
    echo "bench.sh: --ski $ski: not an executable file" >&2; exit 2
fi
dotnet build src/Cli -c Release -nologo -v quiet >/dev/null
dotnet build guests/Guests.csproj -c Release -nologo -v quiet >/dev/null
hpvm=(dotnet src/Cli/bin/Release/net10.0/hpvm.dll)

printf '%-10s %-6s %14s %9s %9s  %s\n' benchmark runner instructions seconds MIPS output
for program in guests/bin/ia64/bench/*; do
    [ -x "$program" ] && [ "${program%.o}" = "$program" ] || continue
    name=$(basename "$program")
    for _ in $(seq "$runs"); do
        output=$("${hpvm[@]}" run --stats "$program" 2>/tmp/ivm-bench-stats) || { echo "$name: hpvm run failed" >&2; cat /tmp/ivm-bench-stats >&2; exit 1; }
        # "hpvm run: N instructions in S s: M million instructions per second"
        read -r insns secs mips < <(sed -n 's/^hpvm run: \([0-9]*\) instructions in \([0-9.]*\) s: \([0-9.]*\) million.*/\1 \2 \3/p' /tmp/ivm-bench-stats)
        printf '%-10s %-6s %14s %9s %9s  %s\n' "$name" ivm "$insns" "$secs" "$mips" "$output"
        if [ -n "$ski" ]; then
            # bski -stats prints "N insts, S sec, R i/s, ..." on standard error.
            output=$("$ski" -stats -noconsole "$program" 2>/tmp/ivm-bench-ski) || true
            read -r insns secs rate < <(sed -n 's/^\([0-9]*\) insts, \([0-9.]*\) sec, \([0-9]*\) i\/s.*/\1 \2 \3/p' /tmp/ivm-bench-ski)
            printf '%-10s %-6s %14s %9s %9s  %s\n' "$name" ski "${insns:-?}" "${secs:-?}" "$(awk "BEGIN { printf \"%.1f\", ${rate:-0} / 1e6 }")" "$output"
        fi
    done
done
