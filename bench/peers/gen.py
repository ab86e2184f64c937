#!/usr/bin/env python3
"""Generates the side-by-side benchmark's configurations for N services, one of which is hit.

  gen.py fulcrum  N NETNS PIN METRICS_PORT IFACES   agent YAML (full NAT)
  gen.py iptables N                                 kube-proxy-style nat table (iptables-restore)
  gen.py nft      N                                 kube-proxy-nftables-style table (nft -f)
  gen.py haproxy  N                                 HAProxy TCP-mode configuration

Service i has VIP vip(i) and TCP port 80. The hit service is HIT(N) = N // 2 (kube-proxy's
order in KUBE-SERVICES is arbitrary; the middle is the average position of a linear list). Only
the hit service has the real backends 198.18.1{1..4}.2:8080 and a second port, UDP 9000 ->
backends :9000. The others have four backends each in 198.19.0.0/16 that no traffic reaches:
real rules, map entries or frontends, never used.
"""
import hashlib
import sys

REAL = ["198.18.1%d.2" % i for i in range(1, 5)]


def vip(i):
    return "198.18.%d.%d" % (128 + i // 256, i % 256)


def hit(n):
    return n // 2


def backends(n, i):
    if i == hit(n):
        return [(a, 8080) for a in REAL]
    return [("198.19.%d.%d" % (i // 60, 1 + 4 * (i % 60) + j), 8080) for j in range(4)]


def ports(n, i):
    """(protocol, service port, backend port) of service i."""
    out = [("tcp", 80, None)]
    if i == hit(n):
        out.append(("udp", 9000, 9000))
    return out


def h(s):
    return hashlib.sha256(s.encode()).hexdigest()[:16].upper()


def fulcrum(n, netns, pin, metrics_port, ifaces):
    w = sys.stdout.write
    w("dataplane:\n  netns: %s\n  interfaces: [%s]\n  xdpMode: native\n" % (netns, ifaces))
    w("  snatAddresses: [198.18.0.1]\n  snatPorts: {min: 1024, max: 65535}\n")
    w("  pinPath: %s\n" % pin)
    w("  maps: {services: 65536, backends: 262144, flows: 2097152, affinity: 1024, ringPool: 16777216}\n")
    w("metrics: {enabled: false, listen: \"127.0.0.1:%d\"}\nlog: {level: info}\nservices:\n" % metrics_port)
    for i in range(n):
        for proto, port, bport in ports(n, i):
            w("  - name: svc-%d-%s\n    vip: %s\n    port: %d\n    protocol: %s\n    backends:\n"
              % (i, proto, vip(i), port, proto))
            for a, p in backends(n, i):
                w("      - {address: %s, port: %d}\n" % (a, bport or p))


def iptables(n):
    chains = [":KUBE-SERVICES - [0:0]", ":KUBE-MARK-MASQ - [0:0]", ":KUBE-POSTROUTING - [0:0]"]
    rules = [
        "-A PREROUTING -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES",
        "-A OUTPUT -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES",
        "-A POSTROUTING -m comment --comment \"kubernetes postrouting rules\" -j KUBE-POSTROUTING",
        "-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000",
        "-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN",
        "-A KUBE-POSTROUTING -j MARK --xor-mark 0x4000",
        "-A KUBE-POSTROUTING -m comment --comment \"kubernetes service traffic requiring SNAT\""
        " -j MASQUERADE --random-fully",
    ]
    for i in range(n):
        for proto, port, bport in ports(n, i):
            name = "svc-%d-%s" % (i, proto)
            svc, ext = "KUBE-SVC-" + h(name), "KUBE-EXT-" + h(name)
            eps = [(a, bport or p) for a, p in backends(n, i)]
            seps = ["KUBE-SEP-" + h("%s-%s-%d" % (name, a, p)) for a, p in eps]
            chains += [":%s - [0:0]" % c for c in [svc, ext] + seps]
            c = "default/%s loadbalancer IP" % name
            rules.append("-A KUBE-SERVICES -d %s/32 -p %s -m comment --comment \"%s\" -m %s --dport %d -j %s"
                         % (vip(i), proto, c, proto, port, ext))
            rules.append("-A %s -m comment --comment \"masquerade traffic for %s external destinations\""
                         " -j KUBE-MARK-MASQ" % (ext, name))
            rules.append("-A %s -j %s" % (ext, svc))
            for k, (s, (a, p)) in enumerate(zip(seps, eps)):
                left = len(eps) - k
                stat = "-m statistic --mode random --probability %.11f " % (1.0 / left) if left > 1 else ""
                rules.append("-A %s -m comment --comment \"default/%s -> %s:%d\" %s-j %s"
                             % (svc, name, a, p, stat, s))
            for s, (a, p) in zip(seps, eps):
                rules.append("-A %s -s %s/32 -m comment --comment \"default/%s\" -j KUBE-MARK-MASQ" % (s, a, name))
                rules.append("-A %s -p %s -m comment --comment \"default/%s\" -m %s -j DNAT --to-destination %s:%d"
                             % (s, proto, name, proto, a, p))
    print("*nat")
    print("\n".join(chains))
    print("\n".join(rules))
    print("COMMIT")


def nft(n):
    w = sys.stdout.write
    elements, chains = [], []
    for i in range(n):
        for proto, port, bport in ports(n, i):
            name = "svc-%d-%s" % (i, proto)
            tag = h(name)[:8]
            elements.append("%s . %s . %d : goto external-%s" % (vip(i), proto, port, tag))
            eps = [(a, bport or p) for a, p in backends(n, i)]
            chains.append("  chain external-%s {\n    jump mark-for-masquerade\n    goto service-%s\n  }" % (tag, tag))
            vm = ", ".join("%d : goto endpoint-%s-%d" % (k, tag, k) for k in range(len(eps)))
            chains.append("  chain service-%s {\n    numgen random mod %d vmap { %s }\n  }" % (tag, len(eps), vm))
            for k, (a, p) in enumerate(eps):
                chains.append("  chain endpoint-%s-%d {\n    ip saddr %s jump mark-for-masquerade\n"
                              "    meta l4proto %s dnat to %s:%d\n  }" % (tag, k, a, proto, a, p))
    w("table ip kube-proxy {\n")
    w("  map service-ips {\n    type ipv4_addr . inet_proto . inet_service : verdict\n")
    w("    elements = {\n      " + ",\n      ".join(elements) + "\n    }\n  }\n")
    w("  chain mark-for-masquerade {\n    mark set mark or 0x4000\n  }\n")
    w("  chain masquerading {\n    type nat hook postrouting priority srcnat; policy accept;\n"
      "    mark and 0x4000 == 0 return\n    mark set mark xor 0x4000\n    masquerade fully-random\n  }\n")
    w("  chain nat-prerouting {\n    type nat hook prerouting priority dstnat; policy accept;\n"
      "    jump services\n  }\n")
    w("  chain services {\n    ip daddr . meta l4proto . th dport vmap @service-ips\n  }\n")
    w("\n".join(chains) + "\n}\n")


def haproxy(n):
    w = sys.stdout.write
    w("global\n  maxconn 4000\n  log stderr format raw local0 err\n\n")
    w("defaults\n  mode tcp\n  timeout connect 5s\n  timeout client 30s\n  timeout server 30s\n\n")
    for i in range(n):
        w("listen s%d\n  bind %s:80 backlog 65535\n  balance roundrobin\n" % (i, vip(i)))
        for k, (a, p) in enumerate(backends(n, i)):
            w("  server b%d %s:%d\n" % (k, a, p))


if __name__ == "__main__":
    kind, count = sys.argv[1], int(sys.argv[2])
    if kind == "fulcrum":
        fulcrum(count, sys.argv[3], sys.argv[4], int(sys.argv[5]), sys.argv[6])
    elif kind == "iptables":
        iptables(count)
    elif kind == "nft":
        nft(count)
    elif kind == "haproxy":
        haproxy(count)
    elif kind == "vip":
        print(vip(hit(count)))
    else:
        sys.exit("unknown kind " + kind)
