#!/usr/bin/env bash
# End-to-end check of the data plane on real veth interfaces in three private network namespaces
# (client -- LB -- backend), XDP in driver mode on both LB interfaces. Root. Cleans up on exit.
#   client 198.18.1.2 / 2001:db8:1::2, VIP 198.18.100.1 / 2001:db8:100::1 on-link (L2 mode: the
#   XDP program answers ARP / NS for it), LB 198.18.1.1 | 198.18.2.1, backend 198.18.2.2:8080.
#   VIP:80 full NAT, VIP:81 DNAT only (backend routes back through the LB).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ID=$$
C=flc$ID L=fll$ID B=flb$ID
PIN=/sys/fs/bpf/fldemo_$ID
BUILD=$(mktemp -d /tmp/fulcrum-netns.XXXXXX)
PIDS=()
fail=0
cleanup() {
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
	for n in $C $L $B; do ip netns del "$n" 2>/dev/null || true; done
	rm -rf "$PIN" "$BUILD"
}
[ "${KEEP:-0}" = 1 ] || trap cleanup EXIT
make -s -C "$HERE/../../bpf" OUT="$BUILD/bpf" all bench
make -s -C "$HERE" OUT="$BUILD" "$BUILD/fl_demo"

for n in $C $L $B; do ip netns add "$n"; ip -n "$n" link set lo up; done
ip link add c0 netns $C type veth peer name l0 netns $L
ip link add l1 netns $L type veth peer name b0 netns $B
ip -n $C addr add 198.18.1.2/24 dev c0
ip -n $C -6 addr add 2001:db8:1::2/64 dev c0 nodad
ip -n $L addr add 198.18.1.1/24 dev l0
ip -n $L -6 addr add 2001:db8:1::1/64 dev l0 nodad
ip -n $L addr add 198.18.2.1/24 dev l1
ip -n $L -6 addr add 2001:db8:2::1/64 dev l1 nodad
ip -n $B addr add 198.18.2.2/24 dev b0
ip -n $B -6 addr add 2001:db8:2::2/64 dev b0 nodad
# the backend side has a smaller MTU: path MTU discovery through the balancer is checked below
ip -n $L link set l1 mtu 1300
ip -n $B link set b0 mtu 1300
for d in "$C c0" "$L l0" "$L l1" "$B b0"; do set -- $d; ip -n "$1" link set "$2" up; done
ip -n $C route add 198.18.100.0/24 dev c0
ip -n $C -6 route add 2001:db8:100::/64 dev c0
ip -n $C route add 198.18.2.0/24 via 198.18.1.1
ip -n $B route add default via 198.18.2.1
ip -n $B -6 route add default via 2001:db8:2::1
ip netns exec $L sysctl -qw net.ipv4.conf.all.forwarding=1 net.ipv6.conf.all.forwarding=1
# full NAT: when the backend's neighbour entry is not known yet, XDP hands the translated packet
# (source = this node) to the kernel, which must accept a local source address to forward it
ip netns exec $L sysctl -qw net.ipv4.conf.l0.accept_local=1 net.ipv4.conf.l1.accept_local=1
# a veth accepts XDP_TX / redirected frames only when its peer runs XDP (NAPI)
ip -n $C link set dev c0 xdpdrv obj "$BUILD/bpf/xdp_pass.bpf.o" sec xdp
ip -n $B link set dev b0 xdpdrv obj "$BUILD/bpf/xdp_pass.bpf.o" sec xdp
# veth hands locally sent packets over with partial checksums (offload), which frames that go
# through XDP_TX / redirect lose: the end hosts compute full checksums, as a real NIC would send
ip netns exec $C ethtool -K c0 tx off >/dev/null
ip netns exec $B ethtool -K b0 tx off >/dev/null

mkdir -p "$PIN"
"$BUILD/fl_demo" up "$BUILD/bpf/fulcrum.bpf.o" "$PIN" $L l0 l1
echo hello-from-backend > "$BUILD/index.html"
(cd "$BUILD" && exec ip netns exec $B python3 -m http.server 8080 --bind :: 2>"$BUILD/backend.log" >/dev/null) &
PIDS+=($!)
cat > "$BUILD/udp_echo.py" <<'PY'
import socket, sys
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
s.bind(("::", 5353))
while True:
    data, peer = s.recvfrom(2048)
    s.sendto(b"echo:" + data + b" from:" + peer[0].removeprefix("::ffff:").encode(), peer)
PY
cat > "$BUILD/udp_ask.py" <<'PY'
import socket, sys
fam = socket.AF_INET6 if ":" in sys.argv[1] else socket.AF_INET
s = socket.socket(fam, socket.SOCK_DGRAM)
s.settimeout(3)
s.sendto(b"hi", (sys.argv[1], 53))
data, peer = s.recvfrom(2048)
print(data.decode(), "reply-from:" + peer[0])
PY
cat > "$BUILD/pmtu.py" <<'PY'
import errno, socket, sys, time
v6 = ":" in sys.argv[1]
s = socket.socket(socket.AF_INET6 if v6 else socket.AF_INET, socket.SOCK_DGRAM)
if v6:
    s.setsockopt(socket.IPPROTO_IPV6, 23, 2)  # IPV6_MTU_DISCOVER = IPV6_PMTUDISC_DO
else:
    s.setsockopt(socket.IPPROTO_IP, 10, 2)  # IP_MTU_DISCOVER = IP_PMTUDISC_DO
s.connect((sys.argv[1], 53))
s.send(b"x" * 1400)  # the balancer answers: fragmentation needed / packet too big
time.sleep(0.3)
try:
    s.send(b"x" * 1400)
except OSError as e:
    if e.errno == errno.EMSGSIZE:
        print("learned mtu", s.getsockopt(socket.IPPROTO_IPV6 if v6 else socket.IPPROTO_IP,
                                          24 if v6 else 14))  # IPV6_MTU / IP_MTU
        sys.exit(0)
print("no path MTU learned")
sys.exit(1)
PY
(exec ip netns exec $B python3 "$BUILD/udp_echo.py") &
PIDS+=($!)
(cd "$BUILD" && exec ip netns exec $L python3 -m http.server 9000 --bind :: 2>/dev/null >/dev/null) &
PIDS+=($!)
for _ in $(seq 50); do # wait until both servers listen
	ip netns exec $B curl -s -o /dev/null -m 1 http://127.0.0.1:8080/ &&
		ip netns exec $L curl -s -o /dev/null -m 1 http://127.0.0.1:9000/ && break
	sleep 0.2
done

check() { # name, command...
	local name=$1; shift
	if out=$("$@" 2>&1); then echo "ok   $name"; else echo "FAIL $name: $out"; fail=1; fi
}
curl_is() { [ "$(ip netns exec $C curl -sS -m 5 -g "$1")" = hello-from-backend ]; }
check "IPv4 full NAT: curl VIP:80" curl_is http://198.18.100.1/
check "IPv4 DNAT: curl VIP:81" curl_is http://198.18.100.1:81/
check "IPv6 full NAT: curl [VIP]:80" curl_is "http://[2001:db8:100::1]/"
check "IPv6 DNAT: curl [VIP]:81" curl_is "http://[2001:db8:100::1]:81/"
check "backend saw the node address (full NAT)" grep -q "198.18.2.1" "$BUILD/backend.log"
check "backend saw the client address (DNAT)" grep -q "198.18.1.2" "$BUILD/backend.log"
check "backend saw the node address (IPv6 full NAT)" grep -q "2001:db8:2::1" "$BUILD/backend.log"
check "backend saw the client address (IPv6 DNAT)" grep -q "2001:db8:1::2" "$BUILD/backend.log"
udp_is() { # vip, expected backend-side source
	local out
	out=$(ip netns exec $C python3 "$BUILD/udp_ask.py" "$1") &&
		[ "$out" = "echo:hi from:$2 reply-from:$1" ] || { echo "$out"; return 1; }
}
check "IPv4 UDP full NAT" udp_is 198.18.100.1 198.18.2.1
check "IPv6 UDP full NAT" udp_is 2001:db8:100::1 2001:db8:2::1
pmtu_is() { local out; out=$(ip netns exec $C python3 "$BUILD/pmtu.py" "$1") && [ "$out" = "learned mtu 1300" ] || { echo "$out"; return 1; }; }
check "IPv4 path MTU: too big (DF) answered with frag-needed" pmtu_is 198.18.100.1
check "IPv6 path MTU: too big answered with packet-too-big" pmtu_is 2001:db8:100::1
check "VIP answers ping" ip netns exec $C ping -c 2 -W 2 198.18.100.1
check "VIP answers ping6" ip netns exec $C ping -6 -c 2 -W 2 2001:db8:100::1
LMAC=$(ip -n $L link show l0 | awk '/link\/ether/ {print $2}')
check "ARP answered with the LB MAC" sh -c "ip -n $C neigh show 198.18.100.1 | grep -q $LMAC"
check "NS answered with the LB MAC" sh -c "ip -n $C -6 neigh show 2001:db8:100::1 | grep -q $LMAC"
check "host traffic: ping LB address" ip netns exec $C ping -c 1 -W 2 198.18.1.1
check "host traffic: TCP to the LB itself" sh -c "ip netns exec $C curl -sS -m 5 -o /dev/null http://198.18.1.1:9000/"
check "host traffic: ping backend through the LB (routed)" ip netns exec $B ping -c 1 -W 2 198.18.1.2
echo "--- data plane counters"
"$BUILD/fl_demo" stats "$PIN"
[ $fail = 0 ] && echo "netns check: all ok" || { echo "netns check: FAILED"; exit 1; }
