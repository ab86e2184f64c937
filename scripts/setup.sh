#!/usr/bin/env bash
# Installs everything Fulcrum's build, tests, demo and benchmarks need on a fresh Debian 12
# machine, and mounts bpffs. Idempotent: run it as often as you like (as root).
set -euo pipefail

if [ "$(id -u)" -ne 0 ]; then
  echo "setup.sh must run as root (it installs packages and mounts bpffs)" >&2
  exit 1
fi

PKGS=(
  # build: Java, Maven, BPF and the native shim
  openjdk-17-jdk-headless maven make gcc clang llvm libbpf-dev libelf-dev zlib1g-dev bpftool
  # test rig: namespaces, veth, bridges, captures, firewalls
  iproute2 iputils-ping nftables iptables ipvsadm tcpdump ethtool procps psmisc curl socat python3 openssl
  # real peers: BGP router, BFD, metrics
  gobgpd frr prometheus
  # benchmark contenders and load generators
  haproxy wrk gnuplot-nox
)

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Debian packages that start daemons on install: Fulcrum's tests start their own instances.
for svc in frr prometheus haproxy gobgpd; do
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet "$svc" 2>/dev/null; then
    systemctl stop "$svc" || true
  fi
done

if ! stat -f -c %T /sys/fs/bpf 2>/dev/null | grep -q bpf; then
  mkdir -p /sys/fs/bpf
  mount -t bpf bpf /sys/fs/bpf
fi

echo "setup: ok ($(uname -r), $(clang --version | head -1), libbpf $(dpkg-query -W -f='${Version}' libbpf-dev))"
