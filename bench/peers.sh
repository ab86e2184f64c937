#!/usr/bin/env bash
# Side-by-side benchmark: Fulcrum against the data planes users would pick instead, one rig, one run.
#
#   client-1 198.18.1.2 ---\                                  /--- backend-1 198.18.11.2 (HTTP :8080)
#                           [ LB node: the contender ]  ----  ...  (4 backends, same HTTP server)
#   client-2 198.18.2.2 ---/  VIPs 198.18.128.0/17            \--- backend-4 198.18.14.2
#
# Contenders, each in turn on the same LB namespace, same addresses and routes:
#   fulcrum   the agent (lb-agent's jar, as bin/fulcrum-agent runs it), XDP, full NAT (SNAT 198.18.0.1)
#   iptables  kube-proxy-style nat table: KUBE-SERVICES -> KUBE-EXT -> KUBE-SVC -> KUBE-SEP,
#             statistic-mode random DNAT, MASQUERADE --random-fully
#   nftables  kube-proxy-nftables-style table: service-ips verdict map, numgen vmaps, masquerade
#   haproxy   HAProxy (Debian package) in TCP mode, one listen section per service
#   ipvs      when the kernel has it; otherwise a line saying why it is left out
# and a reference that is not a contender:
#   direct    no load balancer: the LB node only routes and the clients address the four backends
#             themselves: the ceiling of this rig (every LB adds its work to this routing)
# Workloads, at 1 and at 10,000 services (the others are real rules / entries never hit):
#   rps   keep-alive requests per second (wrk on both clients, CONNS connections each)
#   lat   latency p50/p99: one keep-alive connection per client, paced at LAT_RATE requests/s each
#         (bench/peers/latprobe.c: one request in flight, the cores mostly idle, so the figures are
#         the path's own delay; wrk -c1 kept both cores busy and its p99 measured time slices)
#   cps   new connections per second (one request per connection); counts only without socket
#         errors and SYN retransmissions
#   udp   UDP packets per second forwarded (bench/peers/udpblast.c -> backends' rx counters) and the
#         machine's softirq CPU time per forwarded packet
# REPS repetitions, contenders interleaved (the order rotates every repetition), medians reported
# with the spread across repetitions (the machine's noise).
# Root. Everything happens in namespaces made here; nothing touches the host's rules. Cleans up.
# Output: bench/results/peers.{md,csv,png}; last line
#   RESULT rps_ratio_1=.. cps_ratio_1=.. cps_ratio_10k=.. udp_pps_ratio=.. p99_ratio=..
# Knobs: DURATION (s per measurement, 5), REPS (3), SCALES ("1 10000"), CONNS (per client, 16),
#        CONTENDERS ("fulcrum iptables nftables haproxy ipvs direct"), OUT (bench/results), BUILD=1,
#        LAT_SAMPLES (latency measurements per repetition, 3), LAT_RATE (requests/s per client in
#        the latency measurement, 1000), CPU_IDLE (poll, or "default").
# CPU idle: by default the run holds PM QoS cpu_dma_latency at 0 (as cyclictest does), so idle CPUs
# poll instead of halting. On a VM a halted vCPU takes tens of microseconds to wake, and with two
# cores each latency measurement fell at random into a fast mode or a slow one (p50 ~0.1 ms, p99
# of milliseconds, a third of the time idle) for every contender alike; the hold ends with the run.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
D=${DURATION:-5}
REPS=${REPS:-3}
SCALES=${SCALES:-"1 10000"}
CONNS=${CONNS:-16}
CONTENDERS=${CONTENDERS:-"fulcrum iptables nftables haproxy ipvs direct"}
OUT=${OUT:-$ROOT/bench/results}
[ "$(id -u)" -eq 0 ] || { echo "peers bench: run as root" >&2; exit 1; }

bash scripts/setup.sh >/dev/null
JAR=$ROOT/lb-agent/target/fulcrum-agent.jar
if [ "${BUILD:-0}" = 1 ] || [ ! -f "$JAR" ]; then
  mvn -B -ntp -q -pl lb-agent -am install -Dmaven.test.skip=true -Dspotless.check.skip=true
fi
make -s -C bpf all bench >/dev/null
# a private copy of the agent's jar: other builds in this checkout may rewrite target/ meanwhile
jar_ok() { python3 -c "import sys, zipfile; sys.exit(b'Main-Class' not in zipfile.ZipFile(sys.argv[1]).read('META-INF/MANIFEST.MF'))" "$1" 2>/dev/null; }
for _ in $(seq 120); do jar_ok "$JAR" && break; sleep 1; done
jar_ok "$JAR" || { echo "peers bench: $JAR is not a runnable jar" >&2; exit 1; }
XDP_PASS=$ROOT/bpf/build/xdp_pass.bpf.o
# the agent runs with the JVM options of bin/fulcrum-agent (AGENT_JAVA_OPTS replaces them)
AGENT_JAVA_OPTS=${AGENT_JAVA_OPTS:-$(sed -n 's/.*FULCRUM_JAVA_OPTS:-\([^}]*\)}.*/\1/p' bin/fulcrum-agent)}
[ -n "$AGENT_JAVA_OPTS" ] || { echo "peers bench: no JVM options found in bin/fulcrum-agent" >&2; exit 1; }

ID=$$
C1=fpc1$ID C2=fpc2$ID L=fpl$ID
BES=(fpb1$ID fpb2$ID fpb3$ID fpb4$ID)
PIN=/sys/fs/bpf/fulcrum-peers-$ID
WORK=$(mktemp -d /tmp/fulcrum-peers.XXXXXX)
AGENT= HAP= CUR= QOS=
BPIDS=()
cleanup() {
  [ -n "$QOS" ] && kill "$QOS" 2>/dev/null || true
  [ -n "$AGENT" ] && kill "$AGENT" 2>/dev/null && wait "$AGENT" 2>/dev/null || true
  [ -n "$HAP" ] && kill "$HAP" 2>/dev/null && wait "$HAP" 2>/dev/null || true
  for p in "${BPIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -f "$WORK/fulcrum-1.yaml" ] && java -jar "$JAR" teardown --config "$WORK/fulcrum-1.yaml" >/dev/null 2>&1 || true
  rm -rf "$PIN"
  for n in $C1 $C2 $L "${BES[@]}"; do ip netns del "$n" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
gcc -O2 -Wall -o "$WORK/udpblast" bench/peers/udpblast.c
gcc -O2 -Wall -o "$WORK/latprobe" bench/peers/latprobe.c
cp "$JAR" "$WORK/agent.jar"
JAR=$WORK/agent.jar

# ---- the rig ----
for n in $C1 $C2 $L "${BES[@]}"; do ip netns add "$n"; ip -n "$n" link set lo up; done
ip -n "$L" addr add 198.18.0.1/32 dev lo # Fulcrum's SNAT address
LIFS=()
k=0
for c in "$C1 1 l0" "$C2 2 l5"; do
  set -- $c
  ip link add c0 netns "$1" type veth peer name "$3" netns "$L"
  ip -n "$1" addr add "198.18.$2.2/24" dev c0
  ip -n "$L" addr add "198.18.$2.1/24" dev "$3"
  ip -n "$1" link set c0 up; ip -n "$L" link set "$3" up
  ip -n "$1" route add 198.18.128.0/17 via "198.18.$2.1"
  LIFS+=("$3")
done
for i in 1 2 3 4; do
  B=${BES[$((i - 1))]}
  ip link add b0 netns "$B" type veth peer name "l$i" netns "$L"
  ip -n "$L" addr add "198.18.1$i.1/24" dev "l$i"
  ip -n "$B" addr add "198.18.1$i.2/24" dev b0
  ip -n "$L" link set "l$i" up; ip -n "$B" link set b0 up
  ip -n "$B" route add default via "198.18.1$i.1"
  LIFS+=("l$i")
done
nsys() { ip netns exec "$1" sysctl -qw "${@:2}"; }
nsys "$L" net.ipv4.ip_forward=1 net.ipv4.conf.all.accept_local=1
for d in "${LIFS[@]}"; do nsys "$L" "net.ipv4.conf.$d.accept_local=1"; done
# ephemeral ports and TIME_WAIT must not be the limit (clients, LB as HAProxy's client side)
for n in $C1 $C2 $L "${BES[@]}"; do
  nsys "$n" net.ipv4.ip_local_port_range="1024 65535" net.ipv4.tcp_tw_reuse=1 \
    net.core.somaxconn=65535 net.ipv4.tcp_max_syn_backlog=65535 net.ipv4.tcp_max_tw_buckets=2000000
done
# conntrack sized for the run (per namespace where the kernel allows it; else the host's value)
nsys "$L" net.netfilter.nf_conntrack_max=1048576 2>/dev/null || true
CT_MAX=$(ip netns exec "$L" sysctl -n net.netfilter.nf_conntrack_max 2>/dev/null || echo "?")
# end hosts: full checksums as a real NIC sends them; an XDP program so that native redirect works
for n in $C1 $C2 "${BES[@]}"; do
  ip netns exec "$n" ethtool -K c0 tx off >/dev/null 2>&1 || ip netns exec "$n" ethtool -K b0 tx off >/dev/null
  dev=c0; ip -n "$n" link show b0 >/dev/null 2>&1 && dev=b0
  ip -n "$n" link set dev "$dev" xdpdrv obj "$XDP_PASS" sec xdp
done
# the same small-response HTTP server on every backend (HAProxy serving a fixed 200, one thread)
for i in 1 2 3 4; do
  cat >"$WORK/www$i.cfg" <<EOF
global
  nbthread 1
  maxconn 8000
defaults
  mode http
  timeout client 30s
  timeout server 30s
  timeout connect 5s
frontend www
  bind 198.18.1$i.2:8080 backlog 65535
  http-request return status 200 content-type text/plain string "ok"
EOF
  ip netns exec "${BES[$((i - 1))]}" haproxy -db -f "$WORK/www$i.cfg" >"$WORK/www$i.log" 2>&1 &
  BPIDS+=($!)
done
for i in 1 2 3 4; do
  for _ in $(seq 50); do
    ip netns exec "${BES[$((i - 1))]}" curl -s -o /dev/null -m 1 "http://198.18.1$i.2:8080/" && break
    sleep 0.2
  done
  ip netns exec "${BES[$((i - 1))]}" curl -sf -o /dev/null -m 1 "http://198.18.1$i.2:8080/" ||
    { cat "$WORK/www$i.log" >&2; echo "peers: backend $i does not answer" >&2; exit 1; }
done

# ---- configurations per scale ----
METRICS_PORT=$((20000 + ID % 20000))
IFS_CSV=$(IFS=,; echo "${LIFS[*]}")
for s in $SCALES; do
  python3 bench/peers/gen.py fulcrum "$s" "$L" "$PIN" "$METRICS_PORT" "$IFS_CSV" >"$WORK/fulcrum-$s.yaml"
  python3 bench/peers/gen.py iptables "$s" >"$WORK/iptables-$s.rules"
  python3 bench/peers/gen.py nft "$s" >"$WORK/nft-$s.conf"
  python3 bench/peers/gen.py haproxy "$s" >"$WORK/haproxy-$s.cfg"
done

# ---- contenders: up / down ----
up_fulcrum() {
  nsys "$L" net.ipv4.ip_local_reserved_ports=1024-65535 # the SNAT range is Fulcrum's
  # shellcheck disable=SC2086 # the launcher's option string splits into options
  setsid java $AGENT_JAVA_OPTS -jar "$JAR" run --config "$WORK/fulcrum-$1.yaml" >"$WORK/agent.log" 2>&1 &
  AGENT=$!
  for _ in $(seq 1200); do
    grep -q "agent ready" "$WORK/agent.log" && return 0
    kill -0 "$AGENT" 2>/dev/null || break
    sleep 0.1
  done
  cat "$WORK/agent.log" >&2; return 1
}
down_fulcrum() {
  kill "$AGENT"; wait "$AGENT" 2>/dev/null || true; AGENT=
  java -jar "$JAR" teardown --config "$WORK/fulcrum-$1.yaml" >/dev/null 2>&1 || true
  rm -rf "$PIN"
  nsys "$L" net.ipv4.ip_local_reserved_ports=
}
up_iptables() { ip netns exec "$L" iptables-restore <"$WORK/iptables-$1.rules"; }
down_iptables() { ip netns exec "$L" nft flush ruleset; }
up_nftables() { ip netns exec "$L" nft -f "$WORK/nft-$1.conf"; }
down_nftables() { ip netns exec "$L" nft flush ruleset; }
up_haproxy() {
  ip -n "$L" route add local 198.18.128.0/17 dev lo
  ip netns exec "$L" haproxy -db -f "$WORK/haproxy-$1.cfg" >"$WORK/haproxy.log" 2>&1 &
  HAP=$!
  local vip; vip=$(python3 bench/peers/gen.py vip "$1")
  for _ in $(seq 1200); do
    ip netns exec "$L" ss -Hltn "src $vip:80" | grep -q . && return 0
    kill -0 "$HAP" 2>/dev/null || break
    sleep 0.1
  done
  cat "$WORK/haproxy.log" >&2; return 1
}
# the reference: no load balancer at all, the LB node only routes (the ceiling any LB works under)
up_direct() { # the clients route to the backends' subnets (198.18.8.0/21) through the LB node
  ip -n "$C1" route add 198.18.8.0/21 via 198.18.1.1
  ip -n "$C2" route add 198.18.8.0/21 via 198.18.2.1
}
down_direct() {
  ip -n "$C1" route del 198.18.8.0/21 via 198.18.1.1
  ip -n "$C2" route del 198.18.8.0/21 via 198.18.2.1
}
down_haproxy() {
  kill "$HAP"; wait "$HAP" 2>/dev/null || true; HAP=
  ip -n "$L" route del local 198.18.128.0/17 dev lo
}
IPVS_WHY=
if ! ip netns exec "$L" ipvsadm -Ln >/dev/null 2>&1; then
  if [ -f /proc/config.gz ] && zgrep -q '^# CONFIG_IP_VS is not set' /proc/config.gz; then
    IPVS_WHY="left out: this kernel ($(uname -r)) is built without IPVS (CONFIG_IP_VS is not set)"
  else
    IPVS_WHY="left out: ipvsadm cannot reach IPVS ($(ip netns exec "$L" ipvsadm -Ln 2>&1 | head -1))"
  fi
fi
[ -n "$IPVS_WHY" ] || IPVS_WHY="left out: this kernel has IPVS, but the script has no IPVS contender yet"

# ---- measurements ----
IDLE_NOTE="cpu idle: the kernel's default"
if [ "${CPU_IDLE:-poll}" = poll ] && [ -c /dev/cpu_dma_latency ]; then
  python3 -c "import os, struct, time; fd = os.open('/dev/cpu_dma_latency', os.O_WRONLY); os.write(fd, struct.pack('i', 0)); time.sleep(1e6)" &
  QOS=$!
  IDLE_NOTE="cpu idle: polling only (PM QoS cpu_dma_latency=0 held for the run)"
fi
synretrans() {
  ip netns exec "$1" awk '/^TcpExt:/ { if (!h) { split($0, k); h = 1 } else { split($0, v); for (i in k) if (k[i] == "TCPSynRetrans") print v[i] } }' /proc/net/netstat
}
cpu_softirq() { awk '/^cpu / { print $8 }' /proc/stat; }
rx_total() {
  local t=0 b
  for b in "${BES[@]}"; do t=$((t + $(ip netns exec "$b" cat /sys/class/net/b0/statistics/rx_packets))); done
  echo $t
}
RAW=$WORK/raw.csv
echo "rep,services,contender,metric,value,valid" >"$RAW"
row() { echo "$1,$2,$3,$4,$5,$6" >>"$RAW"; echo "  rep $1 services=$2 $3 $4=$5${6:+ }$([ "$6" = 1 ] || echo "(INVALID: $7)")"; }
wrk2() { # $1 = connections per client, $2 = extra wrk arguments; prints: rps p50_ms p99_ms errors
  local targets=("$C1 $1 http://$VIP/" "$C2 $1 http://$VIP/")
  if [ "$CUR" = direct ]; then
    # no load balancer: the LB node only routes, and each client spreads its connections over two
    # backends itself (one wrk per backend), so all four backends serve as they do behind an LB
    if [ "$1" -gt 1 ]; then
      targets=("$C1 $(($1 / 2)) http://198.18.11.2:8080/" "$C1 $(($1 - $1 / 2)) http://198.18.12.2:8080/"
        "$C2 $(($1 / 2)) http://198.18.13.2:8080/" "$C2 $(($1 - $1 / 2)) http://198.18.14.2:8080/")
    else
      targets=("$C1 1 http://198.18.11.2:8080/" "$C2 1 http://198.18.13.2:8080/")
    fi
  fi
  local extra=$2 pids=() files=() k=0 t
  for t in "${targets[@]}"; do
    set -- $t
    k=$((k + 1))
    ip netns exec "$1" wrk -t1 -c"$2" -d"${D}s" --latency $extra "$3" >"$WORK/wrk$k" 2>&1 &
    pids+=($!)
    files+=("$WORK/wrk$k")
  done
  wait "${pids[@]}" || true
  python3 bench/peers/report.py wrk "${files[@]}"
}
lat2() { # paced latency on both clients; prints: requests p50_ms p99_ms errors
  local targets=("$C1 ${VIP}" "$C2 ${VIP}") port=80 pids=() files=() k=0 t
  if [ "$CUR" = direct ]; then
    targets=("$C1 198.18.11.2" "$C2 198.18.13.2")
    port=8080
  fi
  for t in "${targets[@]}"; do
    set -- $t
    k=$((k + 1))
    ip netns exec "$1" "$WORK/latprobe" "$2" "$port" "$D" "${LAT_RATE:-1000}" >"$WORK/lat$k" 2>&1 &
    pids+=($!)
    files+=("$WORK/lat$k")
  done
  wait "${pids[@]}" || true
  python3 bench/peers/report.py lat "${files[@]}"
}
measure() { # rep services contender
  local r=$1 s=$2 c=$3 out
  out=$(wrk2 "$CONNS" "")
  set -- $out
  row "$r" "$s" "$c" rps "$1" "$([ "$4" = 0 ] && echo 1 || echo 0)" "$4 socket errors"
  # latency without queueing: one paced keep-alive connection per client; several samples per
  # repetition (a p99 over a few seconds moves a lot from one sample to the next)
  local q
  for ((q = 1; q <= ${LAT_SAMPLES:-3}; q++)); do
    out=$(lat2)
    set -- $out
    row "$r" "$s" "$c" p50_ms "$2" "$([ "$4" = 0 ] && echo 1 || echo 0)" "$4 socket errors"
    row "$r" "$s" "$c" p99_ms "$3" "$([ "$4" = 0 ] && echo 1 || echo 0)" "$4 socket errors"
  done
  local sr0 sr1 cs0 cs1
  sr0=$(( $(synretrans "$C1") + $(synretrans "$C2") + $(synretrans "$L") ))
  cs0=$(cpu_softirq)
  out=$(wrk2 "$CONNS" "-H Connection:close")
  cs1=$(cpu_softirq)
  sr1=$(( $(synretrans "$C1") + $(synretrans "$C2") + $(synretrans "$L") ))
  set -- $out
  local ok=1 why=
  [ "$4" = 0 ] || { ok=0; why="$4 socket errors"; }
  [ $((sr1 - sr0)) = 0 ] || { ok=0; why="$why $((sr1 - sr0)) SYN retransmissions"; }
  row "$r" "$s" "$c" cps "$1" "$ok" "$why"
  # the whole machine's softirq time per connection (client, LB and backend TCP work, all in
  # softirq over veth): the same for every contender but the LB's share, so differences between
  # contenders, and between 1 and 10,000 services, are the LB's per-connection cost
  row "$r" "$s" "$c" cps_softirq_us_per_conn "$(awk -v a="$cs0" -v b="$cs1" -v c="$1" -v d="$D" \
    -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.1f", (c > 0 ? (b - a) * 1e6 / hz / (c * d) : 0)}')" "$ok" "$why"
  if [ "$c" = haproxy ]; then
    return 0 # TCP mode only: no UDP row
  fi
  local rx0 rx1 si0 si1 t0 t1 sent
  rx0=$(rx_total); si0=$(cpu_softirq); t0=$(date +%s%N)
  local dst=$VIP
  [ "$c" = direct ] && dst=198.18.11.2 # no LB: straight to a backend, routed by the LB node
  sent=$(ip netns exec "$C1" "$WORK/udpblast" "$dst" 9000 "$D" 32 | awk '{print $2}')
  sleep 0.2
  rx1=$(rx_total); si1=$(cpu_softirq); t1=$(date +%s%N)
  local pps ns
  pps=$(awk -v a="$rx0" -v b="$rx1" -v d="$D" 'BEGIN {printf "%.0f", (b - a) / d}')
  # softirq jiffies (USER_HZ) -> ns per forwarded packet
  ns=$(awk -v a="$si0" -v b="$si1" -v p="$((rx1 - rx0))" -v hz="$(getconf CLK_TCK)" \
    'BEGIN {printf "%.0f", (p > 0 ? (b - a) * 1e9 / hz / p : 0)}')
  row "$r" "$s" "$c" udp_pps "$pps" 1
  row "$r" "$s" "$c" udp_softirq_ns_per_pkt "$ns" 1
  echo "  (udp sent $sent in ${D}s, received $((rx1 - rx0)))"
}

LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
START=$(date -u +%Y-%m-%dT%H:%MZ)
echo "peers bench: $REPS reps x scales [$SCALES] x [$CONTENDERS], ${D}s per measurement, $CONNS conns per client x 2 clients"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), kernel $(uname -r), load $LOAD0, nf_conntrack_max $CT_MAX"
echo "$IDLE_NOTE"
ORDER=()
for c in $CONTENDERS; do
  if [ "$c" = ipvs ] && [ -n "$IPVS_WHY" ]; then echo "ipvs: $IPVS_WHY"; continue; fi
  ORDER+=("$c")
done
for ((r = 1; r <= REPS; r++)); do
  for s in $SCALES; do
    VIP=$(python3 bench/peers/gen.py vip "$s")
    n=${#ORDER[@]}
    for ((j = 0; j < n; j++)); do
      c=${ORDER[$(((j + r - 1) % n))]}
      t0=$(date +%s)
      "up_$c" "$s"
      CUR=$c
      echo "rep $r, $s services, $c (up in $(($(date +%s) - t0)) s)"
      measure "$r" "$s" "$c"
      "down_$c" "$s"
    done
  done
done
LOAD1=$(cut -d' ' -f1-3 /proc/loadavg)

mkdir -p "$OUT"
cp "$RAW" "$OUT/peers-raw.csv"
python3 bench/peers/report.py report "$OUT/peers-raw.csv" "$OUT" \
  "$START" "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), kernel $(uname -r)" \
  "load $LOAD0 at start, $LOAD1 at end; $REPS reps x ${D}s, $CONNS conns per client x 2 clients; nf_conntrack_max $CT_MAX; $IDLE_NOTE" \
  "${IPVS_WHY:-}"
