#!/usr/bin/env bash
# The whole test suite: install what is missing, build, run every test project.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/prerequisites.sh --tests
# PostgreSQL for the controller's PostgreSQL tests (installed and started when missing; needs root
# or sudo — without them those tests say so).
bash scripts/postgres.sh >/dev/null || echo "ivm: PostgreSQL could not be started; the PostgreSQL tests will fail and say why" >&2
dotnet build Cluster.sln -c Release -nologo -v quiet
# One test project at a time: the host agent tests measure guests on real processes and need the
# machine's cores to themselves.
dotnet test Cluster.sln -c Release --no-build -nologo -m:1
