#!/usr/bin/env bash
# Control-plane benchmark: Fulcrum against a kube-proxy-style iptables ruleset, same run, same data.
#   1. Fulcrum full load: a running `bin/fulcrum-agent run` (no services yet, XDP attached to a veth
#      in a namespace made here) gets its file replaced by one with N services x B backends; timed
#      until the reconciler reports all of them programmed in the real data plane (parse included,
#      as iptables-restore's parse is); then the agent's RSS.
#   2. Fulcrum change: a process with the agent's own store, reconciler and BPF data plane adopts
#      what the agent left pinned, then changes one backend of one service CHANGES times, timing
#      each from the store update until the kernel's service map points at the new Maglev table.
#   3. iptables: the equivalent KUBE-SERVICES / KUBE-SVC-* / KUBE-SEP-* nat table (statistic-mode
#      random DNAT) loaded with iptables-restore into a fresh namespace (full load), then the same
#      changes as kube-proxy's full sync does them (iptables-restore --noflush of the whole table;
#      at most IPT_BUDGET_S seconds of them) and as its partial sync does (only the changed chains).
# Root. Everything happens in namespaces made here; nothing touches the host's rules. Cleans up.
# Last line: RESULT full_ratio=<fulcrum/iptables> change_p99_ms=<fulcrum> iptables_change_p99_ms=<full sync> rss_mb=<agent>
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
N=${SERVICES:-10000}
B=${BACKENDS:-10}
CHANGES=${CHANGES:-1000}
IPT_BUDGET_S=${IPT_BUDGET_S:-180}
[ "$(id -u)" -eq 0 ] || { echo "control-plane bench: run as root" >&2; exit 1; }

bash scripts/setup.sh >/dev/null
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  mvn -B -ntp -q -pl lb-agent -am install -Dmaven.test.skip=true -Dspotless.check.skip=true
fi
JAR=$ROOT/lb-agent/target/fulcrum-agent.jar

ID=$$
NS=fcpb$ID
IPT=fcpi$ID
PIN=/sys/fs/bpf/fulcrum-bench-$ID
WORK=$(mktemp -d /tmp/fulcrum-cp-bench.XXXXXX)
AGENT=
cleanup() {
  [ -n "$AGENT" ] && kill "$AGENT" 2>/dev/null && wait "$AGENT" 2>/dev/null || true
  java -jar "$JAR" teardown --config "$WORK/fulcrum.yaml" >/dev/null 2>&1 || true
  rm -rf "$PIN"
  ip netns del "$NS" 2>/dev/null || true
  ip netns del "$IPT" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ip netns add "$NS"
ip -n "$NS" link add cpa type veth peer name cpb
ip -n "$NS" link set cpa up
ip -n "$NS" link set cpb up
PORT=$((20000 + ID % 20000))
python3 bench/control-plane/gen.py fulcrum "$N" "$B" "$NS" cpa "$PIN" "$PORT" >"$WORK/fulcrum.yaml"
echo "bench: $N services x $B backends ($(du -h "$WORK/fulcrum.yaml" | cut -f1) of YAML), $CHANGES changes"

# ---- 1. Fulcrum full load and RSS ----
# Like iptables-restore into a running kernel, the full load is measured on a running agent: it
# starts with no services, then the 10k-service file is saved over its config (as an editor
# would) and the clock stops when the reconciler reports every service programmed. The time from
# process launch (JVM start, BPF load and verifier, parse, programming) is printed as well.
awk '/^services:/ {print "services: []"; exit} {print}' "$WORK/fulcrum.yaml" >"$WORK/agent.yaml"
t0=$(date +%s%N)
"$ROOT/bin/fulcrum-agent" run --config "$WORK/agent.yaml" >"$WORK/agent.log" 2>&1 &
AGENT=$!
until grep -q "agent ready" "$WORK/agent.log" 2>/dev/null; do
  kill -0 "$AGENT" 2>/dev/null || { cat "$WORK/agent.log" >&2; exit 1; }
  sleep 0.05
done
t1=$(date +%s%N)
echo "FULCRUM start_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", (b - a) / 1e9}') (launch to ready, no services)"
cp "$WORK/fulcrum.yaml" "$WORK/.agent.yaml.tmp"
t0=$(date +%s%N)
mv "$WORK/.agent.yaml.tmp" "$WORK/agent.yaml"
until grep -q "reconciled $N services: $N added" "$WORK/agent.log"; do
  kill -0 "$AGENT" 2>/dev/null || { cat "$WORK/agent.log" >&2; exit 1; }
  grep -q "config edit refused" "$WORK/agent.log" && { cat "$WORK/agent.log" >&2; exit 1; }
  sleep 0.01
done
t1=$(date +%s%N)
fulcrum_load_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", (b - a) / 1e9}')
sed "s/^/agent: /" "$WORK/agent.log"
sleep 2
rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$AGENT/status")
rss_mb=$(( (rss_kb + 1023) / 1024 ))
s0=$(date +%s%N)
samples=$(curl -s "http://127.0.0.1:$PORT/metrics" | grep -c '^fulcrum_backend_packets_total' || true)
s1=$(date +%s%N)
echo "FULCRUM full_load_s=$fulcrum_load_s (file saved to all programmed) rss_mb=$rss_mb scrape_ms=$(( (s1 - s0) / 1000000 )) backend_series=$samples"
kill "$AGENT"; wait "$AGENT" 2>/dev/null || true; AGENT=

# ---- 2. Fulcrum changes (adopting the pinned data plane the agent left) ----
java -XX:+UseSerialGC -cp "$JAR" io.fulcrum.agent.bench.ControlPlaneBench "$WORK/fulcrum.yaml" "$CHANGES" \
  2>"$WORK/bench.log" | tee "$WORK/fulcrum.out" || { tail -20 "$WORK/bench.log" >&2; exit 1; }
fulcrum_p99=$(sed -n 's/.*change_p99_ms=\([0-9.]*\).*/\1/p' "$WORK/fulcrum.out")

# ---- 3. iptables (kube-proxy style) ----
ip netns add "$IPT"
python3 bench/control-plane/gen.py iptables "$N" "$B" >"$WORK/ipt-full.rules"
rules=$(grep -c '^-A' "$WORK/ipt-full.rules")
t0=$(date +%s%N)
ip netns exec "$IPT" iptables-restore <"$WORK/ipt-full.rules"
t1=$(date +%s%N)
ipt_load_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", (b - a) / 1e9}')
echo "IPTABLES full_load_s=$ipt_load_s rules=$rules ($(iptables -V))"

: >"$WORK/ipt-full.lat"
start=$(date +%s)
for c in $(seq 1 "$CHANGES"); do
  python3 bench/control-plane/gen.py iptables "$N" "$B" "$c" >"$WORK/ipt-change.rules"
  t0=$(date +%s%N)
  if ! timeout "$IPT_BUDGET_S" ip netns exec "$IPT" iptables-restore --noflush <"$WORK/ipt-change.rules"; then
    echo "IPTABLES a full sync did not finish within ${IPT_BUDGET_S}s: counted as ${IPT_BUDGET_S}s (a lower bound)"
  fi
  t1=$(date +%s%N)
  echo $(( t1 - t0 )) >>"$WORK/ipt-full.lat"
  [ $(( $(date +%s) - start )) -lt "$IPT_BUDGET_S" ] || break
done
: >"$WORK/ipt-partial.lat"
for c in $(seq 1 "$CHANGES"); do
  python3 bench/control-plane/gen.py iptables-partial "$N" "$B" "$c" >"$WORK/ipt-part.rules"
  t0=$(date +%s%N)
  timeout "$IPT_BUDGET_S" ip netns exec "$IPT" iptables-restore --noflush <"$WORK/ipt-part.rules" || true
  t1=$(date +%s%N)
  echo $(( t1 - t0 )) >>"$WORK/ipt-partial.lat"
  [ $(( $(date +%s) - start )) -lt $(( 2 * IPT_BUDGET_S )) ] || break
done
pct() { sort -n "$1" | awk -v q="$2" '{a[NR]=$1} END {i=int(NR*q+0.999999); if(i<1)i=1; printf "%.3f", a[i]/1e6}'; }
ipt_n=$(wc -l <"$WORK/ipt-full.lat")
ipt_p50=$(pct "$WORK/ipt-full.lat" 0.5)
ipt_p99=$(pct "$WORK/ipt-full.lat" 0.99)
part_n=$(wc -l <"$WORK/ipt-partial.lat")
part_p99=$(pct "$WORK/ipt-partial.lat" 0.99)
echo "IPTABLES full_sync_changes=$ipt_n change_p50_ms=$ipt_p50 change_p99_ms=$ipt_p99"
echo "IPTABLES partial_sync_changes=$part_n change_p50_ms=$(pct "$WORK/ipt-partial.lat" 0.5) change_p99_ms=$part_p99"

ratio=$(awk -v a="$fulcrum_load_s" -v b="$ipt_load_s" 'BEGIN {printf "%.4f", a / b}')
echo "RESULT full_ratio=$ratio change_p99_ms=$fulcrum_p99 iptables_change_p99_ms=$ipt_p99 rss_mb=$rss_mb"
