#!/usr/bin/env bash
# Failover benchmark (issue 7) with the real agents: three fulcrum-agent processes, each in its own
# network namespace with its XDP data plane attached and the election enabled, on a bridge with a
# client and two HTTP backends. The VIP owner is killed (agent SIGKILLed, link down) TRIALS times
# while the client pings the VIP every 10 ms (answered by the data plane the client's ARP points
# to) and asks for it by ARP every 10 ms (captured on the client's link with tcpdump).
# Last line: RESULT trials=<n> outage_p50_ms=<p50> outage_max_ms=<max> split_brain=<moments>
# Aim: p50 <= 500, max <= 1000, split_brain 0. Needs root (namespaces, XDP, raw sockets).
# Timings: the election's defaults; TIMINGS='  vipLeaseMs: 500\n  renewIntervalMs: 100\n' changes them.
set -euo pipefail
cd "$(dirname "$0")/.."
TRIALS="${TRIALS:-20}"
TIMINGS="${TIMINGS:-}"
WORK="$(mktemp -d /tmp/fulcrum-failover.XXXXXX)"
# KEEP=1 leaves the agents' logs in $WORK (printed at the end) to look at a failed run
trap '[ "${KEEP:-0}" = 1 ] && echo "logs kept in $WORK" >&2 || rm -rf "$WORK"' EXIT
for tool in ip ping tcpdump curl python3 nsenter java mvn; do
  command -v "$tool" >/dev/null || { echo "missing $tool: run scripts/setup.sh" >&2; exit 1; }
done
mvn -B -ntp -q -pl lb-agent -am package -DskipTests -Dspotless.check.skip=true
java -XX:+UseSerialGC -Xmx256m -cp testrig/target/classes \
  io.fulcrum.testrig.election.AgentFailoverBench --jar lb-agent/target/fulcrum-agent.jar \
  --work "$WORK/run" --trials "$TRIALS" ${TIMINGS:+--timings "$TIMINGS"} 2>&1 \
  | grep --line-buffered -v '^\[' | tee "$WORK/out.txt"
tail -n 1 "$WORK/out.txt" | grep -q '^RESULT ' || { echo "benchmark did not finish" >&2; exit 1; }
