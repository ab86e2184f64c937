#!/usr/bin/env bash
# BGP benchmark (not a test). As root, on a machine prepared by scripts/setup.sh:
#   bench/bgp.sh            # VIPS=10000 TRIALS=20 by default
# (1) one speaker announces VIPS host routes to a real gobgpd router (own network namespaces);
#     time from the announce command until all are in the router's RIB;
# (2) TRIALS times: the owner's speaker process is killed (SIGKILL: the node dies) and the next
#     owner announces the VIP; time until the router's only path points at the new owner.
# Last line: RESULT vips=<n> announce_all_ms=<ms> move_p50_ms=<ms> move_max_ms=<ms>
# Aims: announce_all_ms <= 5000, move_p50_ms <= 500, move_max_ms <= 1000.
set -euo pipefail
cd "$(dirname "$0")/.."
VIPS="${VIPS:-10000}"
TRIALS="${TRIALS:-20}"
LOG="bench/bgp/last-run.log"

mvn -B -ntp -q -pl bgp -am install -DskipTests -Dspotless.check.skip=true >&2
mvn -B -ntp -q -pl bgp test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bgp-bench.classpath -Dmdep.includeScope=test >&2
CP="bgp/target/classes:bgp/target/test-classes:$(cat bgp/target/bgp-bench.classpath)"
java -XX:+UseSerialGC -cp "$CP" io.fulcrum.bgp.it.BgpBench "$VIPS" "$TRIALS" 2>"$LOG" | tee "bench/bgp/last-run.out" | tail -n 25
