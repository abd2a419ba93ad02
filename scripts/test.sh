#!/usr/bin/env bash
# The whole test suite: install what is missing, build, run every test project.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/prerequisites.sh --tests
dotnet build Cluster.sln -c Release -nologo -v quiet
dotnet test Cluster.sln -c Release --no-build -nologo
