#!/usr/bin/env bash
# Installs hpvm and HPVM's classic command names (hpvmcreate, hpvmstatus, hpvmstart, hpvmstop,
# hpvmmodify, hpvmconsole, hpvmremove, hpvmclone, hpvmmigrate, hpvmsuspend, hpvmresume) as thin scripts in a bin directory, each running
# the built hpvm.dll of this checkout:
#
#     bash scripts/install-commands.sh [BIN_DIR]
#
# BIN_DIR defaults to /usr/local/bin for root, else ~/.local/bin. Build first (scripts/main.sh or
# dotnet build src/Cli -c Release). A symbolic link to the built hpvm executable under one of these
# names works too: hpvm reads the name it was started under.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
dll="$repo/src/Cli/bin/Release/net10.0/hpvm.dll"
if [ "$(id -u)" = 0 ]; then default_bin=/usr/local/bin; else default_bin="$HOME/.local/bin"; fi
bin="${1:-$default_bin}"

if [ ! -f "$dll" ]; then
    echo "install-commands: $dll is not built; run 'bash scripts/main.sh' or 'dotnet build $repo/src/Cli -c Release' first" >&2
    exit 1
fi

mkdir -p "$bin"
write() {   # write NAME [SUBCOMMAND]: a script that runs hpvm (as SUBCOMMAND's classic name)
    local target="$bin/$1"
    {
        echo '#!/bin/sh'
        echo "# Installed by $repo/scripts/install-commands.sh"
        if [ -n "${2:-}" ]; then
            printf 'exec dotnet "%s" %s "$@"\n' "$dll" "$1"
        else
            printf 'exec dotnet "%s" "$@"\n' "$dll"
        fi
    } > "$target.tmp"
    chmod 755 "$target.tmp"
    mv "$target.tmp" "$target"
}

write hpvm
for name in hpvmcreate hpvmstatus hpvmstart hpvmstop hpvmmodify hpvmconsole hpvmremove hpvmclone hpvmmigrate hpvmsuspend hpvmresume; do
    write "$name" classic
done

echo "Installed hpvm and hpvmcreate, hpvmstatus, hpvmstart, hpvmstop, hpvmmodify, hpvmconsole, hpvmremove, hpvmclone, hpvmmigrate, hpvmsuspend, hpvmresume in $bin"
case ":$PATH:" in
    *":$bin:"*) ;;
    *) echo "($bin is not on your PATH; add it with: export PATH=\"$bin:\$PATH\")" ;;
esac
