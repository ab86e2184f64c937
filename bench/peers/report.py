#!/usr/bin/env python3
"""bench/peers.sh helpers.

  report.py wrk FILE...                       sums wrk outputs: "rps p50_ms p99_ms errors"
  report.py lat FILE...                       latprobe outputs: "requests p50_ms p99_ms errors"
  report.py report RAW OUTDIR DATE MACHINE NOISE IPVS
      medians of RAW (rep,services,contender,metric,value,valid) -> OUTDIR/peers.{md,csv,png},
      prints the table and the RESULT line last.
p50 of two clients is their mean, p99 their maximum (conservative); a figure marked invalid
(socket errors, SYN retransmissions) is left out of the median, and when every repetition of a cell
is invalid the cell shows the median of the invalid ones with a mark.
"""
import csv
import os
import re
import statistics
import subprocess
import sys

UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3}
CONTENDERS = ["fulcrum", "iptables", "nftables", "haproxy", "ipvs", "direct"]
NAMES = {"fulcrum": "Fulcrum (XDP)", "iptables": "iptables (kube-proxy)",
         "nftables": "nftables (kube-proxy)", "haproxy": "HAProxy (TCP)", "ipvs": "IPVS",
         "direct": "no LB (routing only)"}
# references, not contenders: never the "best other"
REFERENCES = {"fulcrum", "direct"}
# metric: (label, higher is better)
METRICS = {
    "rps": ("keep-alive requests/s", True),
    "cps": ("new connections/s", True),
    "p50_ms": ("latency p50 (ms, paced, 1 conn/client)", False),
    "p99_ms": ("latency p99 (ms, paced, 1 conn/client)", False),
    "udp_pps": ("UDP packets/s forwarded", True),
    "udp_softirq_ns_per_pkt": ("softirq CPU ns per UDP packet", False),
    "cps_softirq_us_per_conn": ("softirq CPU us per new connection", False),
}


def ms(v):
    m = re.match(r"([\d.]+)(us|ms|s|m)$", v)
    return float(m.group(1)) * UNITS[m.group(2)] if m else float("nan")


def wrk(files):
    rps, p50, p99, errors = 0.0, [], [], 0
    for f in files:
        text = open(f).read()
        m = re.search(r"Requests/sec:\s+([\d.]+)", text)
        if not m:
            errors += 1_000_000  # wrk failed: never a valid figure
            sys.stderr.write("peers: wrk failed:\n" + text)
            continue
        rps += float(m.group(1))
        for pct, out in (("50", p50), ("99", p99)):
            m = re.search(r"^\s+%s%%\s+(\S+)" % pct, text, re.M)
            if m:
                out.append(ms(m.group(1)))
        m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
        if m:
            errors += sum(int(x) for x in m.groups())
        m = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
        if m:
            errors += int(m.group(1))
    print("%.0f %.3f %.3f %d" % (rps, statistics.mean(p50) if p50 else -1, max(p99) if p99 else -1, errors))


def lat(files):
    """latprobe outputs -> "requests p50_ms p99_ms errors" (p50: mean, p99: the larger)."""
    n, p50, p99, errors = 0, [], [], 0
    for f in files:
        text = open(f).read()
        m = re.search(r"requests (\d+) errors (\d+) p50_ms (\S+) p99_ms (\S+)", text)
        if not m or int(m.group(1)) == 0:
            errors += 1_000_000  # latprobe failed: never a valid figure
            sys.stderr.write("peers: latprobe failed:\n" + text)
            continue
        n += int(m.group(1))
        errors += int(m.group(2))
        p50.append(float(m.group(3)))
        p99.append(float(m.group(4)))
    print("%d %.3f %.3f %d" % (n, statistics.mean(p50) if p50 else -1, max(p99) if p99 else -1, errors))


def fmt(v, metric):
    if v is None:
        return "-"
    if metric.endswith("_ms"):
        return "%.3f" % v
    return "{:,.0f}".format(v)


def report(raw, outdir, date, machine, noise, ipvs):
    cells = {}
    for r in csv.DictReader(open(raw)):
        cells.setdefault((int(r["services"]), r["contender"], r["metric"]), []).append(
            (float(r["value"]), r["valid"] == "1"))
    scales = sorted({k[0] for k in cells})
    present = [c for c in CONTENDERS if any(k[1] == c for k in cells)]
    med, rows = {}, []
    for (s, c, m), vals in sorted(cells.items()):
        good = [v for v, ok in vals if ok]
        use = good or [v for v, _ in vals]
        md = statistics.median(use)
        spread = (max(use) - min(use)) / 2 / md * 100 if md else 0
        med[(s, c, m)] = (md, spread, bool(good))
        rows.append([s, c, m, "%.3f" % md, "%.3f" % min(use), "%.3f" % max(use), "%.1f" % spread,
                     len(good), len(vals)])
    with open(os.path.join(outdir, "peers.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["services", "contender", "metric", "median", "min", "max", "spread_pct",
                    "valid_reps", "reps"])
        w.writerows(rows)

    def best_other(s, m):
        higher = METRICS[m][1]
        others = [(med[(s, c, m)][0], c) for c in present if c not in REFERENCES and (s, c, m) in med]
        if not others:
            return None, None
        return (max if higher else min)(others)

    lines = ["Run %s on %s." % (date, machine), "Noise: %s." % noise, ""]
    head = "| workload | services | " + " | ".join(NAMES[c] for c in present) + \
        " | Fulcrum / best other | Fulcrum ahead? |"
    lines += [head, "|" + "---|" * (len(present) + 4)]
    ratios = []
    for m, (label, higher) in METRICS.items():
        for s in scales:
            if (s, "fulcrum", m) not in med:
                continue
            cols = []
            for c in present:
                if (s, c, m) in med:
                    md, spread, valid = med[(s, c, m)]
                    cols.append("%s ±%.0f%%%s" % (fmt(md, m), spread, "" if valid else " (invalid)"))
                else:
                    cols.append("n/a")
            f = med[(s, "fulcrum", m)][0]
            b, who = best_other(s, m)
            if b:
                ratio = f / b
                ahead = ratio > 1 if higher else ratio < 1
                ratios.append(("%s %s" % (m.replace("udp_softirq_ns_per_pkt", "udp_ns/pkt").replace(
                    "cps_softirq_us_per_conn", "cps_us/conn"),
                                          "10k" if s >= 10000 else s), ratio if higher else 1 / ratio))
                verdict = "yes" if ahead else "**NO** (%s)" % NAMES[who]
                cols += ["%.2f (vs %s)" % (ratio, NAMES[who]), verdict]
            else:
                cols += ["-", "-"]
            lines.append("| %s | %s | %s |" % (label, "{:,}".format(s), " | ".join(cols)))
    lines += ["", "Medians of the valid repetitions; ±: half the min-max spread across repetitions "
              "(the machine's noise). For latency and CPU per packet lower is better. "
              "HAProxy runs in TCP mode only: no UDP rows. \"no LB\" is a reference, not a "
              "contender: the clients address the backends and the LB node only routes."]
    if ipvs:
        lines.append("IPVS: " + ipvs + ".")
    hi = scales[-1]
    ceiling = None
    if (hi, "direct", "cps") in med and (hi, "iptables", "cps") in med:
        d, i = med[(hi, "direct", "cps")][0], med[(hi, "iptables", "cps")][0]
        ceiling = d / i
        lines.append("Ceiling: with no load balancer at all (the LB node only routing, the clients "
                     "addressing the backends), this rig makes {:,.0f} new connections/s, {:.2f}x "
                     "iptables at {:,} services: no load balancer can be more than {:.2f}x iptables "
                     "here; the clients' and backends' own TCP work is the limit."
                     .format(d, ceiling, hi, ceiling))
    table = "\n".join(lines) + "\n"
    open(os.path.join(outdir, "peers.md"), "w").write(table)
    print(table)

    with open(os.path.join(outdir, "peers-ratios.dat"), "w") as f:
        for name, r in ratios:
            f.write("\"%s\" %.4f\n" % (name, r))
    png = os.path.join(outdir, "peers.png")
    gp = """set terminal png size 900,480 noenhanced
set output '%s'
set title "Fulcrum vs the best other contender (>1: Fulcrum ahead; latency and CPU inverted)"
set style fill solid 0.7
set boxwidth 0.6
set yrange [0:*]
set xtics rotate by -30 font ",9"
set grid ytics
f(x) = 1
plot '%s' using 0:2:xtic(1) with boxes notitle lc rgb "#3070b0", f(x) with lines lw 2 lc rgb "#c03030" title "parity"
""" % (png, os.path.join(outdir, "peers-ratios.dat"))
    try:
        subprocess.run(["gnuplot"], input=gp.encode(), check=True)
    except (OSError, subprocess.CalledProcessError) as e:
        print("peers: no PNG (%s)" % e, file=sys.stderr)
    os.remove(os.path.join(outdir, "peers-ratios.dat"))

    def ratio(s, m):
        if (s, "fulcrum", m) not in med:
            return float("nan")
        b, _ = best_other(s, m)
        return med[(s, "fulcrum", m)][0] / b if b else float("nan")

    lo, hi = scales[0], scales[-1]
    if ceiling is not None:
        print("CEILING cps_direct_over_iptables_%s=%.2f" % ("10k" if hi >= 10000 else hi, ceiling))
    ipt = med.get((hi, "iptables", "cps"))
    cps10k = med[(hi, "fulcrum", "cps")][0] / ipt[0] if ipt and (hi, "fulcrum", "cps") in med else float("nan")
    print("RESULT rps_ratio_1=%.2f cps_ratio_1=%.2f cps_ratio_10k=%.2f udp_pps_ratio=%.2f p99_ratio=%.2f"
          % (ratio(lo, "rps"), ratio(lo, "cps"), cps10k, ratio(lo, "udp_pps"), ratio(lo, "p99_ms")))


if __name__ == "__main__":
    if sys.argv[1] == "wrk":
        wrk(sys.argv[2:])
    elif sys.argv[1] == "lat":
        lat(sys.argv[2:])
    else:
        report(*sys.argv[2:8])
