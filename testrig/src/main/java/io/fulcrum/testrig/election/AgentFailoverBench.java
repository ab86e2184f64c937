package io.fulcrum.testrig.election;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The failover benchmark behind {@code bench/failover.sh}, with the real agents ({@link
 * AgentCluster}: XDP data planes answering ARP from the election's leases): kills the VIP owner
 * (agent SIGKILLed, link down) again and again while the client pings the VIP every 10 ms and asks
 * for it by ARP every 10 ms (captured on the client's link). Prints one line per trial and a last
 * line {@code RESULT trials=<n> outage_p50_ms=<..> outage_max_ms=<..> split_brain=<..>}.
 *
 * <p>Arguments: {@code --jar fulcrum-agent.jar --work DIR [--trials 20] [--timings YAML]}; the
 * timings are the election's defaults unless given (lines of the {@code election} section).
 */
public final class AgentFailoverBench {
  private AgentFailoverBench() {}

  public static void main(String[] argv) throws Exception {
    Path jar = null;
    Path work = null;
    int trials = 20;
    String timings = "";
    for (int i = 0; i + 1 < argv.length; i += 2) {
      switch (argv[i]) {
        case "--jar" -> jar = Path.of(argv[i + 1]);
        case "--work" -> work = Path.of(argv[i + 1]);
        case "--trials" -> trials = Integer.parseInt(argv[i + 1]);
        case "--timings" -> timings = argv[i + 1].replace("\\n", "\n");
        default -> throw new IllegalArgumentException("unknown argument " + argv[i]);
      }
    }
    if (jar == null || work == null) {
      throw new IllegalArgumentException("usage: --jar JAR --work DIR [--trials N]");
    }
    String vip = AgentCluster.VIP;
    List<Long> outages = new ArrayList<>();
    int splitBrain;
    try (AgentCluster c = new AgentCluster(jar, work, 3, timings)) {
      waitFor(120, () -> c.clientPing() && settled(c) != null, "the first owner");
      File pingLog = work.resolve("ping.txt").toFile();
      File pcap = work.resolve("arp.pcap").toFile();
      Process ping = c.startPing(0.01, pingLog);
      List<Process> watch = c.startArpWatch(pcap, work.resolve("watch.log").toFile());
      Thread.sleep(2000);
      for (int t = 1; t <= trials; t++) {
        waitFor(120, () -> settled(c) != null && allUp(c), "a settled group before trial " + t);
        Thread.sleep(3000); // let a revived node's JVM warm up
        AgentNode owner = settled(c);
        double killedAt = now();
        owner.killNode();
        waitFor(
            30,
            () -> {
              AgentNode o = settled(c);
              return o != null && o != owner;
            },
            "a new owner in trial " + t);
        Thread.sleep(500);
        long outage =
            PingLog.longestSilenceMs(
                PingLog.replyTimes(Files.readAllLines(pingLog.toPath())), killedAt, now());
        outages.add(outage);
        System.out.printf(
            "trial %d: killed %s, new owner %s, client-visible outage %d ms%n",
            t, owner, settled(c), outage);
        owner.reviveNode(120);
      }
      waitFor(120, () -> allUp(c), "the last node to rejoin");
      Thread.sleep(1000);
      AgentCluster.stop(ping);
      watch.forEach(AgentCluster::stop);
      ArpCaptureAnalysis.Result r = AgentCluster.analyseCapture(pcap);
      System.out.printf(
          "ARP capture: %d requests, %d replies, answerers in order %s%n",
          r.requests(), r.replies(), r.answerers());
      r.why().forEach(w -> System.out.println("split brain: " + w));
      splitBrain = r.splitBrainMoments();
    }
    List<Long> sorted = new ArrayList<>(outages);
    Collections.sort(sorted);
    long p50 = sorted.isEmpty() ? -1 : sorted.get((sorted.size() - 1) / 2);
    long max = sorted.isEmpty() ? -1 : sorted.get(sorted.size() - 1);
    if (sorted.contains(-1L)) {
      max = -1; // a trial in which the client never got an answer again
    }
    System.out.printf(
        "RESULT trials=%d outage_p50_ms=%d outage_max_ms=%d split_brain=%d%n",
        outages.size(), p50, max, splitBrain);
  }

  /** The one node reporting the VIP, if the client's kernel resolves the VIP to it; else null. */
  private static AgentNode settled(AgentCluster c) {
    List<AgentNode> o = c.reportedOwners();
    if (o.size() != 1) {
      return null;
    }
    return o.get(0).mac().equalsIgnoreCase(c.clientNeighbourMac()) ? o.get(0) : null;
  }

  private static boolean allUp(AgentCluster c) {
    return c.nodes().stream().allMatch(n -> n.scrape().contains("fulcrum_election_term"));
  }

  private static double now() {
    return System.currentTimeMillis() / 1000.0;
  }

  private static void waitFor(int seconds, BooleanSupplier cond, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (System.nanoTime() < deadline) {
      try {
        if (cond.getAsBoolean()) {
          return;
        }
      } catch (RuntimeException e) {
        // a scrape racing a restart: look again
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("timed out waiting for " + what);
  }
}
