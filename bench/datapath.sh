#!/usr/bin/env bash
# Data plane benchmark (issue 2): ns/packet of the XDP program through BPF_PROG_TEST_RUN for the
# established-flow and the new-flow path at 1, 1,000 and 10,000 services with 100,000 tracked
# flows, against two reference programs measured in the same run (bpf/bench/). Runs in a private
# network namespace with a private bpffs pin root; builds what it needs into a temporary dir.
# Needs root, clang, libbpf-dev. ROUNDS=<n> sets the repetitions of each hit measurement (median).
# Last line: RESULT hit_ratio=<fulcrum hit / minimal NAT hit> new_ratio=<fulcrum new / minimal NAT
# new> floor_ratio=<fulcrum hit / bare> growth=<10k-service hit / 1-service hit>
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" != 0 ]; then
	echo "bench/datapath.sh: needs root (BPF_PROG_TEST_RUN, network namespace)" >&2
	exit 1
fi
BUILD=$(mktemp -d /tmp/fulcrum-dpbench.XXXXXX)
trap 'rm -rf "$BUILD"' EXIT
make -s -C bpf OUT="$BUILD/bpf" all bench >&2
make -s -C bench/datapath OUT="$BUILD" "$BUILD/fl_bench" "$BUILD/fl_tests" >&2
# measure only a data plane that passes its packet-table tests
"$BUILD/fl_tests" "$BUILD/bpf/fulcrum.bpf.o" | tail -1
echo "kernel $(uname -r), $(nproc) CPUs, $(date -u +%FT%TZ)"
"$BUILD/fl_bench" "$BUILD/bpf" "${ROUNDS:-25}"
