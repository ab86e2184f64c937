#!/usr/bin/env bash
# Kubernetes benchmark (issue 9): SERVICES (default 10,000) LoadBalancer Services with ENDPOINTS
# (default 10) endpoints each are created in the fabric8 mock API server (CRUD mode, its own JVM,
# with an indexed store: the stock one scans every object per request); the agent side (its own
# JVM) runs the agent's own path: AgentKubernetes (informers, translation, store feed) -> the
# desired-state store -> the reconcile loop -> the real XDP data plane (BpfDatapath, maps pinned
# under a private bpffs root, no interface attached).
#   sync_all_ms: first create -> every Service programmed in the data plane with all its endpoints
#   endpoint_change_p99_ms: one EndpointSlice update -> the changed backend in the data plane,
#     over CHANGES (default 300) changes made one at a time; the same changes seen by a bare watch
#     are printed as the reference (what the API server itself costs)
#   rss_mb: the agent JVM's resident set at the end (it also holds the client that creates the
#     objects, so this over-counts slightly)
# DATAPATH=none uses an in-memory data plane instead (no root needed).
# Last line: RESULT services=<n> sync_all_ms=<ms> endpoint_change_p99_ms=<ms> rss_mb=<MB>
# Aim: endpoint_change_p99_ms <= 100, rss_mb <= 768.
set -euo pipefail
cd "$(dirname "$0")/.."
SERVICES="${SERVICES:-10000}"
ENDPOINTS="${ENDPOINTS:-10}"
CHANGES="${CHANGES:-300}"
AGENT_HEAP="${AGENT_HEAP:-512m}"
WORK="$(mktemp -d /tmp/fulcrum-k8sbench.XXXXXX)"
PIN="/sys/fs/bpf/fulcrum-kbench-$$"
MOCK_PID=""
cleanup() {
  if [ -n "$MOCK_PID" ]; then kill "$MOCK_PID" 2>/dev/null || true; wait "$MOCK_PID" 2>/dev/null || true; fi
  rm -rf "$PIN" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
if [ "${DATAPATH:-bpf}" != none ] && [ "$(id -u)" != 0 ]; then
  echo "bench/kubernetes.sh: needs root for the XDP data plane (or DATAPATH=none)" >&2
  exit 1
fi
# BUILD=0 reuses the modules already installed (only lb-agent's tests are compiled)
if [ "${BUILD:-1}" != 0 ]; then
  mvn -B -ntp -q -pl lb-agent -am install -DskipTests -Dspotless.check.skip=true
fi
mvn -B -ntp -q -pl lb-agent test-compile -Dspotless.check.skip=true
mvn -B -ntp -q -pl lb-agent dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$WORK/cp.txt" >/dev/null
CP="lb-agent/target/classes:lb-agent/target/test-classes:$(cat "$WORK/cp.txt")"
echo "kernel $(uname -r), $(nproc) CPUs, $(date -u +%FT%TZ); services=$SERVICES endpoints=$ENDPOINTS changes=$CHANGES"
# the mock API server: its own JVM, stopped when its stdin (this FIFO) closes
mkfifo "$WORK/stdin"
java -Xmx2g -XX:+UseParallelGC -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" \
  io.fulcrum.agent.kubernetes.bench.MockApiServerMain "$WORK/port" <"$WORK/stdin" >"$WORK/mock.log" 2>&1 &
MOCK_PID=$!
exec 9>"$WORK/stdin"
for _ in $(seq 1 300); do [ -s "$WORK/port" ] && break; sleep 0.2; done
[ -s "$WORK/port" ] || { cat "$WORK/mock.log" >&2; echo "mock API server did not start" >&2; exit 1; }
DP_ARG="none"
if [ "${DATAPATH:-bpf}" != none ]; then DP_ARG="$PIN"; fi
java -Xmx"$AGENT_HEAP" -XX:+UseG1GC -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" \
  io.fulcrum.agent.kubernetes.bench.KubernetesAgentBench "$WORK/port" "$SERVICES" "$ENDPOINTS" "$CHANGES" "$DP_ARG" \
  2>"$WORK/agent.err" | tee "$WORK/out.txt" || { tail -30 "$WORK/agent.err" >&2; exit 1; }
exec 9>&-
grep -q '^RESULT ' "$WORK/out.txt" || { tail -30 "$WORK/agent.err" >&2; exit 1; }
