#!/usr/bin/env bash
# Failover benchmark (issue 7): a three-node election group in network namespaces; the VIP owner
# is killed (agent and data plane SIGKILLed, link down) TRIALS times while a client pings the VIP
# every 10 ms and an observer asks for it by ARP every 10 ms (captured with tcpdump).
# Last line: RESULT trials=<n> outage_p50_ms=<p50> outage_max_ms=<max> split_brain=<moments>
# Aim: p50 <= 500, max <= 1000, split_brain 0. Needs root (namespaces, raw sockets).
set -euo pipefail
cd "$(dirname "$0")/.."
TRIALS="${TRIALS:-20}"
WORK="$(mktemp -d /tmp/fulcrum-failover.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
for tool in ip ping tcpdump java mvn; do
  command -v "$tool" >/dev/null || { echo "missing $tool: run scripts/setup.sh" >&2; exit 1; }
done
mvn -B -ntp -q -pl election -am install -DskipTests -Dspotless.check.skip=true
mvn -B -ntp -q -pl election dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$WORK/cp.txt" >/dev/null
CP="election/target/classes:testrig/target/classes:$(cat "$WORK/cp.txt")"
java -XX:+UseSerialGC -Xmx256m -cp "$CP" io.fulcrum.testrig.election.FailoverBench \
  --classpath "$CP" --work "$WORK/run" --trials "$TRIALS" 2>&1 | grep -v '^\[' | tee "$WORK/out.txt"
tail -n 1 "$WORK/out.txt" | grep -q '^RESULT ' || { echo "benchmark did not finish" >&2; exit 1; }
