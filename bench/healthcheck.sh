#!/usr/bin/env bash
# Health-check benchmark (issue 5): 10,000 targets (5,000 TCP and 5,000 HTTP servers on a test
# host in a network namespace) probed every second by the engine running in another namespace; a
# tenth of them are broken twice during the run (half blackholed, half reset with nftables) and
# repaired. Measures the engine process's CPU (all its threads, GC and JIT included) over the run,
# its RSS at the end, and the time from each break to the DOWN event.
# Needs root. SECONDS_RUN=<n> sets the measured run (default 60); TARGETS=<n> the target count;
# PROBER_JAVA_OPTS adds JVM options to the engine process (e.g. a flight recording);
# HTTP_SERVERS=keepalive (default: the HTTP servers keep connections open, as most do, and the
# engine reuses one per target) or close (every answer closes its connection: a new connection per
# probe, the engine's worst case).
# Last line: RESULT targets=<n> cpu_core_pct=<agent CPU, % of one core> rss_mb=<agent RSS>
#            detect_p99_ms=<detection time p99> bound_ms=<interval x fall + timeout>
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
ip netns exec "$SNS" java "${JAVA_OPTS[@]}" -cp "$CP" io.fulcrum.healthcheck.bench.BenchServers \
	"$TCP_BASE" "$HALF" "$HTTP_BASE" "$HALF" "${HTTP_SERVERS:-keepalive}" >"$WORK/servers.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 120); do
	grep -q READY "$WORK/servers.log" && break
	sleep 0.5
done
grep READY "$WORK/servers.log" >&2 || { cat "$WORK/servers.log" >&2; exit 1; }

echo "kernel $(uname -r), $(nproc) CPUs, load $(cut -d" " -f1-3 /proc/loadavg), $(date -u +%FT%TZ), targets=$TARGETS run=${RUN}s http_servers=${HTTP_SERVERS:-keepalive}"
ip netns exec "$CNS" java "${JAVA_OPTS[@]}" ${PROBER_JAVA_OPTS:-} -cp "$CP" io.fulcrum.healthcheck.bench.BenchProber \
	198.18.100.2 "$SNS" "$TCP_BASE" "$HALF" "$HTTP_BASE" "$HALF" "$RUN" | tee "$WORK/prober.log"
tail -n 1 "$WORK/prober.log" | grep '^RESULT' >/dev/null
