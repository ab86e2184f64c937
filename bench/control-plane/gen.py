#!/usr/bin/env python3
"""Generates the control-plane benchmark's inputs: N services with B backends each, as
  - fulcrum: the agent's YAML configuration
  - iptables: the kube-proxy-style nat table (KUBE-SERVICES / KUBE-SVC-* / KUBE-SEP-* chains with
    statistic-mode random DNAT), as iptables-restore input
  - iptables-partial: only the chains of one changed service (kube-proxy partial sync)
The change number C (0 = none) moves the last backend of service (C*7919 % N) to a spare address,
the same change the Fulcrum side makes (each service changes at most once while C < N). Addresses: VIPs in 198.18.128.0/17, backends in 198.19.0.0/16.
"""
import hashlib
import sys


def vip(i):
    return "198.18.%d.%d" % (128 + i // 256, i % 256)


def backend(i, j):
    return "198.19.%d.%d" % (i % 256, j + 1), 8000 + i // 256


SPARE = "198.19.255.254"


def backends(i, b, change):
    out = [backend(i, j) for j in range(b)]
    if change and (change * 7919) % N == i:
        out[-1] = (SPARE, out[-1][1])
    return out


def h(s):
    return hashlib.sha256(s.encode()).hexdigest()[:16].upper()


def fulcrum(n, b, netns, ifname, pin, port):
    w = sys.stdout.write
    w("dataplane:\n  netns: %s\n  interfaces: [%s]\n  snatAddresses: [198.18.0.1]\n" % (netns, ifname))
    w("  pinPath: %s\n  maps: {services: 65536, backends: 262144, flows: 65536, affinity: 1024, ringPool: 16777216}\n" % pin)
    w("metrics: {listen: \"127.0.0.1:%d\"}\nlog: {level: info}\nservices:\n" % port)
    for i in range(n):
        w("  - name: svc-%d\n    vip: %s\n    port: 80\n    backends:\n" % (i, vip(i)))
        for a, p in backends(i, b, 0):
            w("      - {address: %s, port: %d}\n" % (a, p))


def svc_rules(i, b, change, out):
    svc = "KUBE-SVC-" + h("svc%d" % i)
    eps = backends(i, b, change)
    seps = ["KUBE-SEP-" + h("sep%d-%s-%d" % (i, a, p)) for a, p in eps]
    return svc, eps, seps


def iptables(n, b, change, partial):
    w = sys.stdout.write
    w("*nat\n")
    chains = []
    rules = []
    todo = range(n)
    if partial:
        todo = [(change * 7919) % n]
    else:
        chains += [":KUBE-SERVICES - [0:0]", ":KUBE-MARK-MASQ - [0:0]", ":KUBE-POSTROUTING - [0:0]"]
        rules += [
            "-A PREROUTING -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES",
            "-A OUTPUT -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES",
            "-A POSTROUTING -m comment --comment \"kubernetes postrouting rules\" -j KUBE-POSTROUTING",
            "-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000",
            "-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN",
            "-A KUBE-POSTROUTING -j MARK --xor-mark 0x4000",
            "-A KUBE-POSTROUTING -m comment --comment \"kubernetes service traffic requiring SNAT\" -j MASQUERADE",
        ]
    for i in todo:
        svc, eps, seps = svc_rules(i, b, change, None)
        chains.append(":%s - [0:0]" % svc)
        chains += [":%s - [0:0]" % s for s in seps]
        if not partial:
            rules.append(
                "-A KUBE-SERVICES -d %s/32 -p tcp -m comment --comment \"default/svc-%d:http cluster IP\" -m tcp --dport 80 -j %s"
                % (vip(i), i, svc))
        for k, (s, (a, p)) in enumerate(zip(seps, eps)):
            left = len(eps) - k
            if left > 1:
                rules.append(
                    "-A %s -m comment --comment \"default/svc-%d:http -> %s:%d\" -m statistic --mode random --probability %.11f -j %s"
                    % (svc, i, a, p, 1.0 / left, s))
            else:
                rules.append("-A %s -m comment --comment \"default/svc-%d:http -> %s:%d\" -j %s" % (svc, i, a, p, s))
        for s, (a, p) in zip(seps, eps):
            rules.append("-A %s -s %s/32 -m comment --comment \"default/svc-%d:http\" -j KUBE-MARK-MASQ" % (s, a, i))
            rules.append("-A %s -p tcp -m comment --comment \"default/svc-%d:http\" -m tcp -j DNAT --to-destination %s:%d" % (s, i, a, p))
        if partial:
            # the endpoint chain that the change replaced goes away
            _, _, old = svc_rules(i, b, 0, None)
            for s in old:
                if s not in seps:
                    chains.append(":%s - [0:0]" % s)
                    rules.append("-X %s" % s)
    w("\n".join(chains) + "\n")
    w("\n".join(rules) + "\n")
    w("COMMIT\n")


if __name__ == "__main__":
    kind = sys.argv[1]
    N = int(sys.argv[2])
    B = int(sys.argv[3])
    if kind == "fulcrum":
        fulcrum(N, B, sys.argv[4], sys.argv[5], sys.argv[6], int(sys.argv[7]))
    elif kind == "iptables":
        iptables(N, B, int(sys.argv[4]) if len(sys.argv) > 4 else 0, False)
    elif kind == "iptables-partial":
        iptables(N, B, int(sys.argv[4]), True)
    else:
        sys.exit("unknown kind " + kind)
