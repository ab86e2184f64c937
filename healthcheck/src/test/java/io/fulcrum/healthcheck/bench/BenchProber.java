package io.fulcrum.healthcheck.bench;

import io.fulcrum.healthcheck.CheckSettings;
import io.fulcrum.healthcheck.CheckType;
import io.fulcrum.healthcheck.HealthCheckEngine;
import io.fulcrum.healthcheck.HealthState;
import io.fulcrum.healthcheck.TargetKey;
import io.fulcrum.healthcheck.TargetSpec;
import io.fulcrum.healthcheck.TargetStateChanged;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The benchmark's agent side (run inside the client namespace): probes {@code tcpCount} TCP and
 * {@code httpCount} HTTP targets every second, breaks a tenth of them twice during the run (half
 * blackholed, half reset, through nftables sets in the server namespace) and repairs them, and
 * prints the detection times and its own CPU and memory. Usage: {@code BenchProber <server>
 * <serverNetns> <tcpBase> <tcpCount> <httpBase> <httpCount> <seconds>}.
 */
public final class BenchProber {
  private static final Duration INTERVAL = Duration.ofSeconds(1);
  private static final Duration TIMEOUT = Duration.ofMillis(500);
  private static final int RISE = 2;
  private static final int FALL = 3;

  /** FAST_INTERVAL_MS in the environment sets fastInterval; unset: the engine's default. */
  private static final Duration FAST =
      System.getenv("FAST_INTERVAL_MS") == null || System.getenv("FAST_INTERVAL_MS").isBlank()
          ? null
          : Duration.ofMillis(Long.parseLong(System.getenv("FAST_INTERVAL_MS")));

  private final Map<TargetKey, Long> brokenAt = new ConcurrentHashMap<>();
  private final Map<TargetKey, Long> repairedAt = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Long> downTimes = new ConcurrentLinkedQueue<>();
  private final Map<TargetKey, String> breakMode = new ConcurrentHashMap<>();
  private final Map<String, ConcurrentLinkedQueue<Long>> downTimesByKind =
      new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Long> upTimes = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<String> falseDowns = new ConcurrentLinkedQueue<>();
  private final String serverNs;

  private BenchProber(String serverNs) {
    this.serverNs = serverNs;
  }

  public static void main(String[] args) throws Exception {
    String server = args[0];
    BenchProber bench = new BenchProber(args[1]);
    int tcpBase = Integer.parseInt(args[2]);
    int tcpCount = Integer.parseInt(args[3]);
    int httpBase = Integer.parseInt(args[4]);
    int httpCount = Integer.parseInt(args[5]);
    int seconds = Integer.parseInt(args[6]);
    bench.run(server, tcpBase, tcpCount, httpBase, httpCount, seconds);
  }

  private void onEvent(TargetStateChanged e) {
    if (e.from() == HealthState.UNKNOWN) {
      return;
    }
    if (e.to() == HealthState.DOWN) {
      Long t = brokenAt.remove(e.target());
      if (t == null) {
        falseDowns.add(e.target() + " " + e.reason());
      } else {
        downTimes.add(e.atNanos() - t);
        downTimesByKind
            .computeIfAbsent(
                e.target().service() + " " + breakMode.get(e.target()),
                k -> new ConcurrentLinkedQueue<>())
            .add(e.atNanos() - t);
      }
    } else {
      Long t = repairedAt.remove(e.target());
      if (t != null) {
        upTimes.add(e.atNanos() - t);
      }
    }
  }

  private void run(String server, int tcpBase, int tcpCount, int httpBase, int httpCount, int secs)
      throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    CheckSettings tcp =
        CheckSettings.builder()
            .type(CheckType.TCP)
            .interval(INTERVAL)
            .timeout(TIMEOUT)
            .rise(RISE)
            .fall(FALL)
            .fastInterval(FAST)
            .build();
    long fastMs = tcp.fastIntervalNanos() / 1_000_000;
    System.out.printf(
        "check: interval %d ms, fastInterval %d ms (%s), timeout %d ms, rise %d, fall %d%n",
        INTERVAL.toMillis(),
        fastMs,
        FAST == null ? "default, interval / 4" : "FAST_INTERVAL_MS",
        TIMEOUT.toMillis(),
        RISE,
        FALL);
    CheckSettings http = tcp.toBuilder().type(CheckType.HTTP).path("/healthz").build();
    List<TargetKey> tcpKeys = new ArrayList<>();
    List<TargetKey> httpKeys = new ArrayList<>();
    try (HealthCheckEngine engine = new HealthCheckEngine(registry)) {
      engine.addListener(this::onEvent);
      long regStart = System.nanoTime();
      for (int i = 0; i < tcpCount; i++) {
        TargetKey k = new TargetKey("bench-tcp", server + ":" + (tcpBase + i));
        engine.upsert(k, new TargetSpec(server, tcpBase + i, tcp));
        tcpKeys.add(k);
      }
      for (int i = 0; i < httpCount; i++) {
        TargetKey k = new TargetKey("bench-http", server + ":" + (httpBase + i));
        engine.upsert(k, new TargetSpec(server, httpBase + i, http));
        httpKeys.add(k);
      }
      int n = tcpCount + httpCount;
      System.out.printf(
          "registered %d targets in %d ms%n",
          engine.size(), (System.nanoTime() - regStart) / 1_000_000);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (upCount(engine) < n && System.nanoTime() < deadline) {
        Thread.sleep(1000);
        System.out.printf(
            "  up %d, probed %d, probes so far %d%n",
            upCount(engine), probedCount(engine), probes(registry));
      }
      System.out.println(
          "all up: "
              + upCount(engine)
              + "/"
              + n
              + "; last results "
              + reasons(engine)
              + "; warming up");
      // one break and repair of other targets first, so that the failure paths are compiled too
      List<TargetKey> warm = pick(tcpKeys, httpKeys, 9);
      breakTargets(warm);
      Thread.sleep(INTERVAL.multipliedBy(FALL + 2).toMillis());
      repairTargets(warm);
      System.out.printf("warm-up: %d s, until the JIT compiler settled%n", warmUp() / 1000);
      falseDowns.clear();
      brokenAt.clear();
      repairedAt.clear();
      downTimes.clear();
      upTimes.clear();
      downTimesByKind.clear();
      var jit = ManagementFactory.getCompilationMXBean();
      long jit0 = jit.getTotalCompilationTime();

      var os =
          (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      long cpu0 = os.getProcessCpuTime();
      long probes0 = probes(registry);
      long[] userSys0 = selfUserSysTicks();
      long rx0 = rxCpuNanos();
      long t0 = System.nanoTime();
      long phase = secs * 1000L / 4;
      List<TargetKey> a = pick(tcpKeys, httpKeys, 0);
      List<TargetKey> b = pick(tcpKeys, httpKeys, 1);
      Thread.sleep(phase / 4);
      breakTargets(a);
      Thread.sleep(phase);
      repairTargets(a);
      Thread.sleep(phase);
      breakTargets(b);
      Thread.sleep(phase);
      repairTargets(b);
      long rest = secs * 1000L - (System.nanoTime() - t0) / 1_000_000;
      Thread.sleep(Math.max(rest, (RISE + 1) * INTERVAL.toMillis() + TIMEOUT.toMillis()));
      long cpu = os.getProcessCpuTime() - cpu0;
      long probesRun = probes(registry) - probes0;
      long[] userSys = selfUserSysTicks();
      long rx = rxCpuNanos() - rx0;
      long jitMs = jit.getTotalCompilationTime() - jit0;
      long wall = System.nanoTime() - t0;
      long rssKb = rssKb();
      long bound = INTERVAL.multipliedBy(FALL).plus(TIMEOUT).toMillis();
      long upBound = INTERVAL.multipliedBy(RISE).plus(TIMEOUT).toMillis();
      System.out.printf(
          "down detections=%d (expected %d) p50=%d p99=%d max=%d ms; up detections=%d p99=%d ms"
              + " (bound %d); false downs=%d; still broken=%d%n",
          downTimes.size(),
          a.size() + b.size(),
          pct(downTimes, 50),
          pct(downTimes, 99),
          pct(downTimes, 100),
          upTimes.size(),
          pct(upTimes, 99),
          upBound,
          falseDowns.size(),
          brokenAt.size());
      System.out.printf("JIT compilation during the run: %d ms%n", jitMs);
      System.out.printf(
          "probes during the run: %d (%.0f a second, %d expected); CPU %.1f us a probe%n",
          probesRun,
          probesRun * 1e9 / wall,
          (long) n * wall / INTERVAL.toNanos(),
          probesRun == 0 ? 0.0 : cpu / 1000.0 / probesRun);
      long hz = Long.parseLong(System.getenv().getOrDefault("HCB_CLK_TCK", "100"));
      System.out.printf(
          "  of which user (Java, JVM) %.1f us, kernel %.1f us a probe%n",
          probesRun == 0 ? 0.0 : (userSys[0] - userSys0[0]) * 1e6 / hz / probesRun,
          probesRun == 0 ? 0.0 : (userSys[1] - userSys0[1]) * 1e6 / hz / probesRun);
      falseDowns.stream().limit(5).forEach(f -> System.out.println("false down: " + f));
      new java.util.TreeMap<>(downTimesByKind)
          .forEach(
              (kind, times) ->
                  System.out.printf(
                      "  %s: %d detections, p50=%d p99=%d max=%d ms%n",
                      kind, times.size(), pct(times, 50), pct(times, 99), pct(times, 100)));
      brokenAt.keySet().stream()
          .limit(5)
          .forEach(
              k ->
                  System.out.println(
                      "never detected: "
                          + k
                          + " "
                          + breakMode.get(k)
                          + " "
                          + engine.status(k).orElse(null)));
      System.out.println(
          registry
              .scrape()
              .lines()
              .filter(l -> l.startsWith("fulcrum_healthcheck_probe_duration_seconds_count"))
              .collect(Collectors.joining("\n")));
      System.out.printf(
          "RESULT targets=%d cpu_core_pct=%.1f rss_mb=%d detect_p99_ms=%d bound_ms=%d"
              + " rx_core_pct=%.1f fast_interval_ms=%d%n",
          n,
          100.0 * cpu / wall,
          rssKb / 1024,
          pct(downTimes, 99),
          bound,
          100.0 * rx / wall,
          fastMs);
    }
  }

  /**
   * Waits at least 10 s, then until the JIT compiler spent under 1% of the time compiling over the
   * last 5 s (at most 60 s in all): the run measures the steady state, not start-up compilation
   * (which a slow, shared machine stretches over minutes). Returns the time waited in ms.
   */
  private static long warmUp() throws InterruptedException {
    var jit = ManagementFactory.getCompilationMXBean();
    long start = System.nanoTime();
    Thread.sleep(10_000);
    while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(60)) {
      long before = jit.getTotalCompilationTime();
      Thread.sleep(5_000);
      if (jit.getTotalCompilationTime() - before < 50) {
        break;
      }
    }
    return (System.nanoTime() - start) / 1_000_000;
  }

  private static Map<String, Long> reasons(HealthCheckEngine engine) {
    return engine.statuses().values().stream()
        .filter(s -> s.lastResult() != null)
        .collect(Collectors.groupingBy(s -> s.lastResult().reason(), Collectors.counting()));
  }

  private static long probedCount(HealthCheckEngine engine) {
    return engine.statuses().values().stream().filter(s -> s.lastResult() != null).count();
  }

  private static long probes(PrometheusMeterRegistry registry) {
    return registry.find("fulcrum.healthcheck.probe.duration").timers().stream()
        .mapToLong(t -> t.count())
        .sum();
  }

  private static long upCount(HealthCheckEngine engine) {
    return engine.statuses().values().stream().filter(s -> s.state() == HealthState.UP).count();
  }

  /** A tenth of the targets, half TCP half HTTP, disjoint between rounds. */
  private static List<TargetKey> pick(List<TargetKey> tcp, List<TargetKey> http, int round) {
    List<TargetKey> out = new ArrayList<>();
    for (List<TargetKey> keys : List.of(tcp, http)) {
      int tenth = keys.size() / 10;
      out.addAll(keys.subList(round * tenth, round * tenth + tenth));
    }
    return out;
  }

  /** Half the targets blackholed (drop), half reset (refused), in one nft transaction. */
  private void breakTargets(List<TargetKey> keys) throws Exception {
    StringBuilder drop = new StringBuilder();
    StringBuilder rst = new StringBuilder();
    for (int i = 0; i < keys.size(); i++) {
      StringBuilder sb = i % 2 == 0 ? drop : rst;
      breakMode.put(keys.get(i), i % 2 == 0 ? "drop" : "reset");
      sb.append(sb.length() == 0 ? "" : ",").append(port(keys.get(i)));
    }
    long now = System.nanoTime(); // before nft: a detection time is never shortened
    nft(
        "add element inet hcb drop_ports { "
            + drop
            + " }\n"
            + "add element inet hcb rst_ports { "
            + rst
            + " }\n");
    keys.forEach(k -> brokenAt.put(k, now));
  }

  private void repairTargets(List<TargetKey> keys) throws Exception {
    long now = System.nanoTime();
    nft("flush set inet hcb drop_ports\nflush set inet hcb rst_ports\n");
    keys.forEach(k -> repairedAt.put(k, now));
  }

  private static int port(TargetKey k) {
    return Integer.parseInt(k.backend().substring(k.backend().lastIndexOf(':') + 1));
  }

  private void nft(String script) throws Exception {
    if ("none".equals(serverNs)) {
      return; // profiling mode: probe only, break nothing
    }
    Path f = Files.createTempFile("hcb", ".nft");
    try {
      Files.writeString(f, script);
      Process p =
          new ProcessBuilder("ip", "netns", "exec", serverNs, "nft", "-f", f.toString())
              .inheritIO()
              .start();
      if (p.waitFor() != 0) {
        throw new IllegalStateException("nft failed: " + script);
      }
    } finally {
      Files.delete(f);
    }
  }

  private static long pct(java.util.Collection<Long> nanos, int p) {
    if (nanos.isEmpty()) {
      return -1;
    }
    long[] v = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
    int i = (int) Math.ceil(p / 100.0 * v.length) - 1;
    return v[Math.max(0, Math.min(v.length - 1, i))] / 1_000_000;
  }

  /**
   * CPU time of the kernel threads doing the receive work of the agent's veth (threaded NAPI; pids
   * in HCB_AGENT_RX_PIDS, clock ticks per second in HCB_CLK_TCK), 0 when none are given.
   */
  private static long rxCpuNanos() throws Exception {
    String pids = System.getenv().getOrDefault("HCB_AGENT_RX_PIDS", "");
    long hz = Long.parseLong(System.getenv().getOrDefault("HCB_CLK_TCK", "100"));
    long ticks = 0;
    for (String pid : pids.split(",")) {
      if (pid.isBlank()) {
        continue;
      }
      String stat = Files.readString(Path.of("/proc/" + pid.trim() + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
    }
    return ticks * 1_000_000_000L / hz;
  }

  /** This process's user and system CPU time in clock ticks (/proc/self/stat). */
  private static long[] selfUserSysTicks() throws Exception {
    String stat = Files.readString(Path.of("/proc/self/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
  }

  private static long rssKb() throws Exception {
    return Arrays.stream(Files.readString(Path.of("/proc/self/status")).split("\n"))
        .filter(l -> l.startsWith("VmRSS:"))
        .map(l -> l.replaceAll("[^0-9]", ""))
        .mapToLong(Long::parseLong)
        .findFirst()
        .orElse(-1);
  }
}
