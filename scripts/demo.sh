#!/usr/bin/env bash
# The main job in one command (fresh Debian 12, as root):
#   bash scripts/demo.sh           set up, build, balance a few hundred requests, show the spread, clean up
#   bash scripts/demo.sh --keep    the same, then leave the topology and the agent running to explore
#   bash scripts/demo.sh --clean   remove what a --keep run left behind
#
# Topology, all in network namespaces made here (addresses from 198.18.0.0/15):
#
#   client 198.18.1.2 --- 198.18.1.1 [ LB node: XDP + agent ] 198.18.1x.1 --- backend-x 198.18.1x.2:8080
#                                      VIP 198.18.100.10:80                     (x = 1, 2, 3; HTTP)
#
# The agent runs from bin/fulcrum-agent with demo/fulcrum.yaml (made from examples/demo.yaml),
# attaches its XDP program to the LB node's four interfaces, and serves /metrics on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
STATE=/tmp/fulcrum-demo
REQUESTS=${REQUESTS:-300}
KEEP=0
case "${1:-}" in
  --keep) KEEP=1 ;;
  --clean) ;;
  "") ;;
  *) echo "usage: bash scripts/demo.sh [--keep | --clean]" >&2; exit 2 ;;
esac

if [ "$(id -u)" -ne 0 ]; then
  echo "demo: run as root (it creates network namespaces and loads an XDP program)" >&2
  exit 1
fi

# ---- clean-up of this run (or of an earlier --keep run) ----
cleanup() {
  [ -d "$STATE" ] || return 0
  if [ -f "$STATE/agent.pid" ]; then
    kill "$(cat "$STATE/agent.pid")" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$(cat "$STATE/agent.pid")" 2>/dev/null || break; sleep 0.1; done
  fi
  if [ -f "$STATE/fulcrum.yaml" ] && [ -f "$ROOT/lb-agent/target/fulcrum-agent.jar" ]; then
    "$ROOT/bin/fulcrum-agent" teardown --config "$STATE/fulcrum.yaml" >/dev/null 2>&1 || true
  fi
  for ns in $(cat "$STATE/namespaces" 2>/dev/null); do
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$pid" 2>/dev/null || true; done
    ip netns del "$ns" 2>/dev/null || true
  done
  [ -f "$STATE/pin" ] && rm -rf "$(cat "$STATE/pin")"
  rm -rf "$STATE"
}

if [ "${1:-}" = --clean ]; then
  cleanup
  echo "demo: cleaned up"
  exit 0
fi
cleanup # a previous --keep run

echo "== 1/5 installing what is missing (scripts/setup.sh)"
bash scripts/setup.sh

echo "== 2/5 building the agent (mvn)"
mvn -B -ntp -q -pl lb-agent -am install -Dmaven.test.skip=true -Dspotless.check.skip=true

echo "== 3/5 creating the demo topology"
ID=$$
C=fdc$ID L=fdl$ID
BES=(fdb1$ID fdb2$ID fdb3$ID)
mkdir -p "$STATE"
PIN=/sys/fs/bpf/fulcrum-demo-$ID
echo "$PIN" >"$STATE/pin"
[ "$KEEP" = 1 ] || trap cleanup EXIT
echo "$C $L ${BES[*]}" >"$STATE/namespaces"
for n in $C $L "${BES[@]}"; do ip netns add "$n"; ip -n "$n" link set lo up; done
ip link add c0 netns "$C" type veth peer name l0 netns "$L"
ip -n "$C" addr add 198.18.1.2/24 dev c0
ip -n "$L" addr add 198.18.1.1/24 dev l0
ip -n "$C" link set c0 up
ip -n "$L" link set l0 up
ip -n "$C" route add 198.18.100.0/24 via 198.18.1.1
# the LB node's own address, used as the source of full-NAT flows towards the backends
ip -n "$L" addr add 198.18.0.1/32 dev lo
for i in 1 2 3; do
  B=${BES[$((i - 1))]}
  ip link add b0 netns "$B" type veth peer name "l$i" netns "$L"
  ip -n "$L" addr add "198.18.1$i.1/24" dev "l$i"
  ip -n "$B" addr add "198.18.1$i.2/24" dev b0
  ip -n "$L" link set "l$i" up
  ip -n "$B" link set b0 up
  ip -n "$B" route add default via "198.18.1$i.1"
done
ip netns exec "$L" sysctl -qw net.ipv4.conf.all.forwarding=1
for d in all l0 l1 l2 l3; do ip netns exec "$L" sysctl -qw "net.ipv4.conf.$d.accept_local=1"; done
# the end hosts send full checksums (as a real NIC would) and take redirected frames (veth NAPI)
for n in "$C c0" "${BES[0]} b0" "${BES[1]} b0" "${BES[2]} b0"; do
  set -- $n
  ip netns exec "$1" ethtool -K "$2" tx off gro on >/dev/null
done

for i in 1 2 3; do
  B=${BES[$((i - 1))]}
  mkdir -p "$STATE/www$i"
  echo "hello from backend-$i" >"$STATE/www$i/index.html"
  (cd "$STATE/www$i" && exec ip netns exec "$B" python3 -u -m http.server 8080 --bind 198.18.1$i.2 \
    >"$STATE/backend-$i.log" 2>&1) &
  disown
done
for i in 1 2 3; do
  for _ in $(seq 50); do
    ip netns exec "${BES[$((i - 1))]}" curl -s -o /dev/null -m 1 "http://198.18.1$i.2:8080/" && break
    sleep 0.2
  done
done
: >"$STATE/backend-1.log"; : >"$STATE/backend-2.log"; : >"$STATE/backend-3.log"

METRICS_PORT=$((20000 + ID % 20000))
sed -e "s/fulcrum-demo-lb .*/$L/" -e "s#/sys/fs/bpf/fulcrum-demo .*#$PIN#" \
  -e "s/127.0.0.1:9469 .*/127.0.0.1:$METRICS_PORT/" examples/demo.yaml >"$STATE/fulcrum.yaml"

echo "== 4/5 starting the agent: bin/fulcrum-agent run --config $STATE/fulcrum.yaml"
setsid "$ROOT/bin/fulcrum-agent" run --config "$STATE/fulcrum.yaml" >"$STATE/agent.log" 2>&1 &
echo $! >"$STATE/agent.pid"
disown
METRICS=http://127.0.0.1:$METRICS_PORT/metrics
for _ in $(seq 100); do
  curl -s -m 1 "$METRICS" 2>/dev/null | grep -q '^fulcrum_services 1' && break
  if ! kill -0 "$(cat "$STATE/agent.pid")" 2>/dev/null; then
    echo "demo: the agent exited:" >&2; cat "$STATE/agent.log" >&2; exit 1
  fi
  sleep 0.2
done
sed 's/^/   agent | /' "$STATE/agent.log"

echo "== 5/5 sending $REQUESTS requests from the client to http://198.18.100.10/ (one connection each)"
ok=0
for _ in $(seq "$REQUESTS"); do
  if ip netns exec "$C" curl -s -m 2 http://198.18.100.10/ >>"$STATE/responses" 2>/dev/null; then ok=$((ok + 1)); fi
done
echo "   $ok of $REQUESTS requests answered"
echo
printf '   %-22s %22s %20s %16s\n' backend "new flows (Fulcrum)" "packets (Fulcrum)" "backend's log"
scrape=$(curl -s "$METRICS")
serving=0
for i in 1 2 3; do
  be="198.18.1$i.2:8080"
  flows=$(echo "$scrape" | awk -v b="backend=\"$be\"" 'index($0, "fulcrum_backend_new_flows_total{") == 1 && index($0, b) { print int($2) }')
  pkts=$(echo "$scrape" | awk -v b="backend=\"$be\"" 'index($0, "fulcrum_backend_packets_total{") == 1 && index($0, b) { print int($2) }')
  seen=$(grep -c '"GET / ' "$STATE/backend-$i.log" || true)
  printf '   %-22s %22s %20s %16s\n' "backend-$i $be" "${flows:-0}" "${pkts:-0}" "$seen"
  [ "${flows:-0}" -gt 0 ] && [ "$seen" -gt 0 ] && serving=$((serving + 1))
done
echo
echo "$scrape" | grep -E '^fulcrum_(service_new_flows_total|conntrack_entries|services) ' | sed 's/^/   /' || true
echo "$scrape" | grep -E '^fulcrum_service_(new_flows|packets)_total' | sed 's/^/   /'
echo
if [ "$serving" -eq 3 ] && [ "$ok" -eq "$REQUESTS" ]; then
  echo "demo: OK - all three backends served traffic through the VIP"
  status=0
else
  echo "demo: FAILED - $serving of 3 backends served, $ok of $REQUESTS requests answered" >&2
  sed 's/^/   agent | /' "$STATE/agent.log" >&2
  status=1
fi

if [ "$KEEP" = 1 ]; then
  cat <<EOF

The topology and the agent keep running. Try:
  ip netns exec $C curl http://198.18.100.10/                 # one request through the VIP
  curl -s $METRICS | grep '^fulcrum_backend'        # per-backend counters
  \$EDITOR $STATE/fulcrum.yaml                      # edit live: set a backend's weight: 0 or state: down
  tail -f $STATE/agent.log                            # the agent's log (one line per event)
  bin/fulcrum-agent validate --config $STATE/fulcrum.yaml
  bash scripts/demo.sh --clean                                    # stop the agent, remove everything
EOF
fi
exit $status
