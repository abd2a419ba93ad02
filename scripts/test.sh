#!/usr/bin/env bash
# The whole test suite: install what is missing, build, run every test project.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/prerequisites.sh --tests
dotnet build Cluster.sln -c Release -nologo -v quiet
# One test project at a time: the host agent tests measure guests on real processes and need the
# machine's cores to themselves.
dotnet test Cluster.sln -c Release --no-build -nologo -m:1
