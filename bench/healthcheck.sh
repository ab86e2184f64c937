#!/usr/bin/env bash
# Health-check benchmark (issue 5): 10,000 targets (5,000 TCP and 5,000 HTTP servers on a test
# host in a network namespace) probed every second by the engine running in another namespace; a
# tenth of them are broken twice during the run (half blackholed, half reset with nftables) and
# repaired. Measures the engine process's CPU (all its threads, GC and JIT included) over the run,
# its RSS at the end, and the time from each break to the DOWN event.
# Needs root. SECONDS_RUN=<n> sets the measured run (default 60); TARGETS=<n> the target count;
# The engine process runs with the agent launcher's JVM options (bin/fulcrum-agent's default
# FULCRUM_JAVA_OPTS: the result is the agent's CPU); AGENT_JAVA_OPTS replaces them and
# PROBER_JAVA_OPTS adds to them (e.g. a flight recording); FAST_INTERVAL_MS sets the check's
# fastInterval (default: the engine's, interval / 4; 1000 turns it off);
# HTTP_SERVERS=keepalive (default: the HTTP servers keep connections open, as most do, and the
# engine reuses one per target) or close (every answer closes its connection: a new connection per
# probe, the engine's worst case).
# Last line: RESULT targets=<n> cpu_core_pct=<agent CPU, % of one core> rss_mb=<agent RSS>
#            detect_p99_ms=<detection time p99> bound_ms=<interval x fall + timeout>
#            rx_core_pct=<kernel receive work for the agent's veth (NAPI thread), % of one core>
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" != 0 ]; then
	echo "bench/healthcheck.sh: needs root (network namespaces, nftables)" >&2
	exit 1
fi
TARGETS=${TARGETS:-10000}
RUN=${SECONDS_RUN:-60}
HALF=$((TARGETS / 2))
TCP_BASE=20000
HTTP_BASE=$((TCP_BASE + HALF))
TAG=$(printf '%04x' $((RANDOM)))
CNS=hcbc$TAG
SNS=hcbs$TAG
WORK=$(mktemp -d /tmp/fulcrum-hcbench.XXXXXX)
SERVER_PID=
cleanup() {
	[ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
	ip netns pids "$SNS" 2>/dev/null | xargs -r kill -9 2>/dev/null || true
	ip netns pids "$CNS" 2>/dev/null | xargs -r kill -9 2>/dev/null || true
	ip netns del "$CNS" 2>/dev/null || true
	ip netns del "$SNS" 2>/dev/null || true
	rm -rf "$WORK"
}
trap cleanup EXIT

mvn -B -ntp -q -pl healthcheck -am install -DskipTests -Dspotless.check.skip=true >&2
mvn -B -ntp -q -pl healthcheck test-compile dependency:build-classpath \
	-Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=test >&2
CP="healthcheck/target/test-classes:healthcheck/target/classes:$(cat "$WORK/cp.txt")"

ip netns add "$CNS"
ip netns add "$SNS"
ip -n "$CNS" link set lo up
ip -n "$SNS" link set lo up
ip link add "hcbc$TAG" type veth peer name "hcbs$TAG"
ip link set "hcbc$TAG" netns "$CNS"
ip link set "hcbs$TAG" netns "$SNS"
ip -n "$CNS" addr add 198.18.100.1/24 dev "hcbc$TAG"
ip -n "$SNS" addr add 198.18.100.2/24 dev "hcbs$TAG"
ip -n "$CNS" link set "hcbc$TAG" up
ip -n "$SNS" link set "hcbs$TAG" up
# the probing side needs many short-lived sockets; servers need deep accept queues
ip netns exec "$CNS" sysctl -q -w net.ipv4.ip_local_port_range="10000 19999"
ip netns exec "$SNS" sysctl -q -w net.core.somaxconn=1024
# Kernel receive work in its own threads (threaded NAPI on both veth ends), not in whichever
# process sent the packet: without this, the servers' TCP receive work (SYN, handshake ACK, RST)
# ran in the prober's system calls and was charged to the agent (about a quarter of its CPU). The
# agent's own receive work (its veth's NAPI thread) is reported apart as rx_core_pct; the servers'
# is not counted.
for ns_dev in "$CNS hcbc$TAG" "$SNS hcbs$TAG"; do
	set -- $ns_dev
	ip netns exec "$1" ethtool -K "$2" gro on tso off # TSO off: veth hands every packet to the NAPI thread
	ip netns exec "$1" sh -c "echo 1 > /sys/class/net/$2/threaded"
done
# The NAPI threads run at real-time priority, as softirq work preempts tasks on a real host (at
# normal priority a busy machine starves them, their 256-packet rings overflow and SYNs are lost),
# on the last CPU (RX_CPU), as a NIC's interrupts are often steered to a core of their own: on the
# prober's core they would preempt it at every packet it sends.
RX_CPU=${RX_CPU:-$(($(nproc) - 1))}
for pid in $(ps -e -o pid=,comm= | awk -v c="napi/hcbc$TAG" -v s="napi/hcbs$TAG" 'index($2, c) == 1 || index($2, s) == 1 {print $1}'); do
	chrt -f -p 50 "$pid"
	taskset -pc "$RX_CPU" "$pid" >/dev/null
done
HCB_AGENT_RX_PIDS=$(ps -e -o pid=,comm= | awk -v d="napi/hcbc$TAG" 'index($2, d) == 1 {print $1}' | paste -sd,)
export HCB_AGENT_RX_PIDS HCB_CLK_TCK=$(getconf CLK_TCK)
echo "agent veth receive threads: ${HCB_AGENT_RX_PIDS:-none}" >&2
ip netns exec "$SNS" nft -f - <<'NFT'
table inet hcb {
  set drop_ports { type inet_service; }
  set rst_ports { type inet_service; }
  chain in {
    type filter hook input priority 0; policy accept;
    tcp dport @drop_ports drop
    tcp dport @rst_ports reject with tcp reset
  }
}
NFT

ulimit -n "$(ulimit -Hn)"
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt $((TARGETS + 2000)) ]; then
	echo "bench/healthcheck.sh: open-file limit $(ulimit -n) too low for $TARGETS listening ports" >&2
	exit 1
fi
JAVA_OPTS=(-Xms256m -Xmx256m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn)
# the agent's own JVM options, read from its launcher so that the two stay the same
AGENT_JAVA_OPTS=${AGENT_JAVA_OPTS:-$(sed -n 's/.*FULCRUM_JAVA_OPTS:-\([^}]*\)}.*/\1/p' bin/fulcrum-agent)}
[ -n "$AGENT_JAVA_OPTS" ] || { echo "bench/healthcheck.sh: no JVM options found in bin/fulcrum-agent" >&2; exit 1; }
ip netns exec "$SNS" java "${JAVA_OPTS[@]}" -cp "$CP" io.fulcrum.healthcheck.bench.BenchServers \
	"$TCP_BASE" "$HALF" "$HTTP_BASE" "$HALF" "${HTTP_SERVERS:-keepalive}" >"$WORK/servers.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 120); do
	grep -q READY "$WORK/servers.log" && break
	sleep 0.5
done
grep READY "$WORK/servers.log" >&2 || { cat "$WORK/servers.log" >&2; exit 1; }

echo "kernel $(uname -r), $(nproc) CPUs, load $(cut -d" " -f1-3 /proc/loadavg), $(date -u +%FT%TZ), targets=$TARGETS run=${RUN}s http_servers=${HTTP_SERVERS:-keepalive}"
echo "engine JVM: $AGENT_JAVA_OPTS ${PROBER_JAVA_OPTS:-}"
# shellcheck disable=SC2086 # word splitting of the option strings is intended
ip netns exec "$CNS" env FAST_INTERVAL_MS="${FAST_INTERVAL_MS:-}" java $AGENT_JAVA_OPTS \
	-Dorg.slf4j.simpleLogger.defaultLogLevel=warn ${PROBER_JAVA_OPTS:-} -cp "$CP" io.fulcrum.healthcheck.bench.BenchProber \
	198.18.100.2 "$SNS" "$TCP_BASE" "$HALF" "$HTTP_BASE" "$HALF" "$RUN" >"$WORK/prober.log"
grep -v '^RESULT' "$WORK/prober.log" || true
for d in "$CNS hcbc$TAG" "$SNS hcbs$TAG"; do
	set -- $d
	echo "$2: $(ip -n "$1" -s link show "$2" | awk '/RX:/{getline; print "rx packets " $2 " dropped " $4} /TX:/{getline; print "tx packets " $2 " dropped " $4}' | paste -sd' ')" >&2
done
# the interface counters above, then the RESULT line last
tail -n 1 "$WORK/prober.log" | grep '^RESULT'
