package io.fulcrum.testrig.election;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The failover benchmark behind {@code bench/failover.sh}: kills the VIP owner (agent and data
 * plane SIGKILLed, link down) again and again while the client pings the VIP every 10 ms and an
 * observer asks for it by ARP every 10 ms. Prints one line per trial and a last line {@code RESULT
 * trials=<n> outage_p50_ms=<..> outage_max_ms=<..> split_brain=<..>}.
 *
 * <p>Arguments: {@code --classpath CP --work DIR [--trials 20]}.
 */
public final class FailoverBench {
  private FailoverBench() {}

  public static void main(String[] argv) throws Exception {
    String cp = null;
    Path work = null;
    int trials = 20;
    for (int i = 0; i + 1 < argv.length; i += 2) {
      switch (argv[i]) {
        case "--classpath" -> cp = argv[i + 1];
        case "--work" -> work = Path.of(argv[i + 1]);
        case "--trials" -> trials = Integer.parseInt(argv[i + 1]);
        default -> throw new IllegalArgumentException("unknown argument " + argv[i]);
      }
    }
    if (cp == null || work == null) {
      throw new IllegalArgumentException("usage: --classpath CP --work DIR [--trials N]");
    }
    Files.createDirectories(work);
    String vip = ElectionCluster.SUBNET + "100";
    List<Long> outages = new ArrayList<>();
    int splitBrain;
    try (ElectionCluster c = new ElectionCluster(cp, work, 3, List.of(vip), List.of())) {
      waitFor(120, () -> settled(c, vip), "the first owner");
      File pingLog = work.resolve("ping.txt").toFile();
      File pcap = work.resolve("arp.pcap").toFile();
      Process ping = c.startPing(vip, 0.01, pingLog);
      List<Process> watch = c.startArpWatch(vip, pcap, work.resolve("watch.log").toFile());
      Thread.sleep(2000);
      for (int t = 1; t <= trials; t++) {
        waitFor(120, () -> settled(c, vip) && allJoined(c), "a settled group before trial " + t);
        Thread.sleep(4000); // let a revived node's JVM warm up
        ClusterNode owner = c.answering(vip).get(0);
        double killedAt = now();
        owner.killNode();
        waitFor(
            30,
            () -> {
              List<ClusterNode> a = c.answering(vip);
              return a.size() == 1 && a.get(0) != owner;
            },
            "a new owner in trial " + t);
        Thread.sleep(500);
        double until = now();
        long outage =
            PingLog.longestSilenceMs(
                PingLog.replyTimes(Files.readAllLines(pingLog.toPath())), killedAt, until);
        outages.add(outage);
        System.out.printf(
            "trial %d: killed %s, new owner %s, client-visible outage %d ms%n",
            t, owner, c.answering(vip).get(0), outage);
        owner.reviveNode();
      }
      waitFor(120, () -> allJoined(c), "the last node to rejoin");
      Thread.sleep(1000);
      ElectionCluster.stop(ping);
      watch.forEach(ElectionCluster::stop);
      ArpCaptureAnalysis.Result r =
          ArpCaptureAnalysis.analyse(
              ElectionCluster.readCapture(pcap), vip, ElectionCluster.OBSERVER_IP);
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

  private static boolean settled(ElectionCluster c, String vip) {
    List<ClusterNode> a = c.answering(vip);
    return a.size() == 1 && a.get(0).id().equals(c.ownerOf(vip)) && c.clientReaches(vip);
  }

  private static boolean allJoined(ElectionCluster c) {
    ClusterNode leader = c.leader();
    if (leader == null) {
      return false;
    }
    for (ClusterNode n : c.nodes()) {
      if (!n.agentAlive() || !leader.id().equals(n.status().get("leader"))) {
        return false;
      }
    }
    return true;
  }

  private static double now() {
    return System.currentTimeMillis() / 1000.0;
  }

  private static void waitFor(int seconds, BooleanSupplier cond, String what)
      throws InterruptedException, IOException {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (System.nanoTime() < deadline) {
      try {
        if (cond.getAsBoolean()) {
          return;
        }
      } catch (RuntimeException e) {
        // a status file being rewritten, a command racing a restart: look again
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("timed out waiting for " + what);
  }
}
