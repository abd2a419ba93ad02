#!/usr/bin/env bash
# A local PostgreSQL for the controller's PostgreSQL storage and its tests: installs Debian's
# postgresql when missing, starts the first cluster (creating one if there is none), and makes the
# role and database ivm (password ivm) if they do not exist. Prints the Npgsql connection string.
# Needs root (or sudo) for the install and for acting as the postgres user. Safe to run repeatedly.
set -euo pipefail
as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }
if ! command -v pg_lsclusters >/dev/null 2>&1; then
    echo "ivm: installing postgresql (Debian package)" >&2
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
read -r version cluster port status _ < <(pg_lsclusters --no-header | head -n 1) || true
if [[ -z "${version:-}" ]]; then
    version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
    as_root pg_createcluster "$version" main >/dev/null
    read -r version cluster port status _ < <(pg_lsclusters --no-header | head -n 1)
fi
if [[ "$status" != online* ]]; then
    as_root pg_ctlcluster "$version" "$cluster" start
fi
psql_as_postgres() { as_root runuser -u postgres -- psql -p "$port" -v ON_ERROR_STOP=1 -qtA "$@"; }
if [[ "$(psql_as_postgres -c "SELECT 1 FROM pg_roles WHERE rolname = 'ivm'")" != 1 ]]; then
    psql_as_postgres -c "CREATE ROLE ivm LOGIN PASSWORD 'ivm'"
fi
if [[ "$(psql_as_postgres -c "SELECT 1 FROM pg_database WHERE datname = 'ivm'")" != 1 ]]; then
    psql_as_postgres -c "CREATE DATABASE ivm OWNER ivm"
fi
echo "Host=127.0.0.1;Port=$port;Username=ivm;Password=ivm;Database=ivm"
