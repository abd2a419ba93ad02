#!/usr/bin/env bash
# The deploy/ topology on one machine: a controller and N host agents, each in its own network
# namespace with its own address on a bridge, as separate hosts would be. Needs root (ip netns).
#
#   deploy/netns-cluster.sh up [--hosts N] [--data-dir DIR] [--storage sqlite|postgres --postgres CONN]
#                              [--tls-dir DIR]
#   deploy/netns-cluster.sh status | down | exec NAME COMMAND...
#
# Namespaces ivm-ctl (10.77.0.10) and ivm-h1..ivm-hN (10.77.0.11..) hang off bridge ivm-br0, which
# holds 10.77.0.1 in the root namespace, so `hpvm --controller https://10.77.0.10:7300 ...` works
# from the root namespace and PostgreSQL on the root namespace is reachable at 10.77.0.1.
# With --tls-dir (made by `hpvm cluster init`), every component uses its certificate from there.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
bridge=ivm-br0
subnet=10.77.0
controller_port=7300
host_port=7310
state="${IVM_NETNS_STATE:-/run/ivm-netns}"

die() { echo "netns-cluster: $*" >&2; exit 1; }
[[ $(id -u) -eq 0 ]] || die "needs root (ip netns, veth, bridge)"
command -v ip >/dev/null || die "needs iproute2 (apt-get install iproute2)"

controller_dll="$root/src/Controller/bin/Release/net10.0/Ivm.Controller.dll"
host_dll="$root/src/Host/bin/Release/net10.0/Ivm.Host.dll"

add_namespace() { # name address
  local ns=$1 address=$2 veth="v-$1"
  ip netns add "$ns"
  ip link add "$veth" type veth peer name eth0 netns "$ns"
  ip link set "$veth" master "$bridge" up
  ip -n "$ns" addr add "$address/24" dev eth0
  ip -n "$ns" link set eth0 up
  ip -n "$ns" link set lo up
  ip -n "$ns" route add default via "$subnet.1"
}

start() { # namespace log command...
  local ns=$1 log=$2; shift 2
  ip netns exec "$ns" setsid "$@" >"$log" 2>&1 < /dev/null &
  echo $! >"$state/$ns.pid"
}

wait_listening() { # log name
  for _ in $(seq 1 300); do
    grep -q "listening on" "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  die "$2 did not start; its log ($1):
$(tail -n 20 "$1")"
}

up() {
  local hosts=3 data="$state/data" storage=() tls=()
  while (($#)); do
    case "$1" in
      --hosts) hosts=$2; shift 2 ;;
      --data-dir) data=$2; shift 2 ;;
      --storage) storage+=(--storage "$2"); shift 2 ;;
      --postgres) storage+=(--postgres "$2"); shift 2 ;;
      --tls-dir) tls=(--tls-dir "$2"); shift 2 ;;
      *) die "up: unknown option '$1'; allowed: --hosts N, --data-dir DIR, --storage sqlite|postgres, --postgres CONN, --tls-dir DIR" ;;
    esac
  done
  [[ "$hosts" =~ ^[1-9][0-9]?$ && "$hosts" -le 50 ]] || die "up: --hosts $hosts: must be a whole number from 1 to 50"
  ip link show "$bridge" >/dev/null 2>&1 && die "a topology is already up (bridge $bridge exists); run: $0 down"
  [[ -f "$controller_dll" && -f "$host_dll" ]] || die "build first: dotnet build Cluster.sln -c Release"

  mkdir -p "$state" "$data"
  ip link add "$bridge" type bridge
  ip addr add "$subnet.1/24" dev "$bridge"
  ip link set "$bridge" up

  local scheme=http; ((${#tls[@]})) && scheme=https
  add_namespace ivm-ctl "$subnet.10"
  start ivm-ctl "$data/controller.log" dotnet "$controller_dll" --address "$subnet.10" --port "$controller_port" \
    --data-dir "$data/controller" "${storage[@]}" "${tls[@]}"
  wait_listening "$data/controller.log" controller
  local url="$scheme://$subnet.10:$controller_port"

  for n in $(seq 1 "$hosts"); do
    local ns="ivm-h$n" address="$subnet.$((10 + n))"
    add_namespace "$ns" "$address"
    start "$ns" "$data/host$n.log" dotnet "$host_dll" --name "host$n" --address "$address" --port "$host_port" \
      --data-dir "$data/host$n" --controller "$url" "${tls[@]}"
    wait_listening "$data/host$n.log" "host$n"
  done
  echo "$url" >"$state/controller-url"
  echo "controller $url (namespace ivm-ctl); $hosts host agents in ivm-h1..ivm-h$hosts; logs in $data"
}

down() {
  shopt -s nullglob
  for pidfile in "$state"/*.pid; do
    local pid; pid=$(cat "$pidfile")
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  done
  for pidfile in "$state"/*.pid; do
    local pid; pid=$(cat "$pidfile")
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$pid" 2>/dev/null || true
    rm -f "$pidfile"
  done
  for ns in $(ip netns list | awk '/^ivm-(ctl|h[0-9]+)/ {print $1}'); do
    ip netns delete "$ns"
  done
  ip link delete "$bridge" 2>/dev/null || true
  rm -f "$state/controller-url"
}

status() {
  ip link show "$bridge" >/dev/null 2>&1 || { echo "down"; return 0; }
  echo "controller $(cat "$state/controller-url" 2>/dev/null || echo '?')"
  for pidfile in "$state"/*.pid; do
    local name; name=$(basename "$pidfile" .pid)
    if kill -0 "$(cat "$pidfile")" 2>/dev/null; then echo "$name running"; else echo "$name stopped"; fi
  done
}

case "${1:-}" in
  up) shift; up "$@" ;;
  down) down ;;
  status) status ;;
  exec) shift; (($# >= 2)) || die "exec: NAME COMMAND..."; ns=$1; shift; exec ip netns exec "$ns" "$@" ;;
  *) echo "usage: $0 up [--hosts N] [--data-dir DIR] [--storage sqlite|postgres --postgres CONN] [--tls-dir DIR] | status | down | exec NAME COMMAND..." >&2; exit 2 ;;
esac
