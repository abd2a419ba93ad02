#!/usr/bin/env bash
# Installs what Ivm needs from Debian's archive when it is missing: GNU binutils for IA-64 (the
# assembler, linker and the objdump used as the reference disassembler) and, for the test suite,
# binutils-source (the GNU as IA-64 test suite). Safe to run repeatedly.
set -euo pipefail

packages=()
command -v ia64-linux-gnu-as >/dev/null 2>&1 || packages+=(binutils-ia64-linux-gnu)
if [[ "${1:-}" == "--tests" ]] && ! ls /usr/src/binutils/binutils-*.tar.* >/dev/null 2>&1; then
  packages+=(binutils-source)
fi

if ((${#packages[@]})); then
  echo "ivm: installing ${packages[*]} (Debian packages)"
  sudo=""
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 || { echo "ivm: need root (or sudo) to apt-get install ${packages[*]}" >&2; exit 1; }
    sudo="sudo"
  fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq "${packages[@]}" >/dev/null
fi

command -v dotnet >/dev/null 2>&1 || { echo "ivm: the .NET 10 SDK (dotnet) is required" >&2; exit 1; }
