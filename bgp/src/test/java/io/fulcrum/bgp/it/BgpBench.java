package io.fulcrum.bgp.it;

import io.fulcrum.testrig.Capabilities;
import io.fulcrum.testrig.bgp.GobgpRouter;
import io.fulcrum.testrig.bgp.GobgpRouter.Neighbor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The BGP benchmark behind bench/bgp.sh (not a test): (1) announce N VIPs to gobgpd and time until
 * all are in its RIB; (2) over T trials, kill the owner's speaker, let the next owner announce, and
 * time until the router's route points at the new owner. Prints a RESULT line last.
 */
public final class BgpBench {
  private static final Pattern DESTINATIONS = Pattern.compile("Destination: (\\d+)");

  private BgpBench() {}

  public static void main(String[] args) throws Exception {
    int vips = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int trials = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    Capabilities.requireKernelTestRig();
    try (Fabric fabric = new Fabric(2)) {
      GobgpRouter r =
          fabric.add(
              GobgpRouter.start(
                  fabric.router(),
                  65000,
                  "198.18.0.1",
                  179,
                  List.of(
                      Neighbor.of(Fabric.nodeV4(1), 65001), Neighbor.of(Fabric.nodeV4(2), 65001))));
      SpeakerProcess[] nodes = {null, start(fabric, 1), start(fabric, 2)};
      awaitUp(nodes[1]);
      awaitUp(nodes[2]);

      // (1) announce N VIPs
      long t0 = System.nanoTime();
      nodes[1].command("announce-range 198.19.0.0 " + vips);
      while (destinations(r) < vips) {
        Thread.sleep(20);
      }
      long announceMs = (System.nanoTime() - t0) / 1_000_000;
      System.out.println(
          "announce: " + vips + " VIPs in the router's RIB after " + announceMs + " ms");
      nodes[1].command("withdraw-range 198.19.0.0 " + vips);
      while (destinations(r) > 0) {
        Thread.sleep(50);
      }

      // (2) owner death -> route moves
      List<Long> moves = new ArrayList<>();
      for (int t = 0; t < trials; t++) {
        int owner = t % 2 == 0 ? 1 : 2;
        int next = 3 - owner;
        String vip = "198.19.200." + (t + 1) + "/32";
        nodes[owner].command("announce " + vip);
        waitNextHop(r, vip, Fabric.nodeV4(owner), Duration.ofSeconds(15));
        long start = System.nanoTime();
        nodes[owner].kill();
        nodes[next].command("announce " + vip);
        waitNextHop(r, vip, Fabric.nodeV4(next), Duration.ofSeconds(30));
        long ms = (System.nanoTime() - start) / 1_000_000;
        moves.add(ms);
        System.out.println(
            "move "
                + (t + 1)
                + ": "
                + vip
                + " node"
                + owner
                + " -> node"
                + next
                + " in "
                + ms
                + " ms");
        nodes[next].command("withdraw " + vip);
        nodes[owner].close(); // already dead: this removes its log
        nodes[owner] = start(fabric, owner);
        awaitUp(nodes[owner]);
      }
      Collections.sort(moves);
      long p50 = moves.get((moves.size() - 1) / 2);
      long max = moves.get(moves.size() - 1);
      System.out.println(
          "RESULT vips="
              + vips
              + " announce_all_ms="
              + announceMs
              + " move_p50_ms="
              + p50
              + " move_max_ms="
              + max);
    }
    System.exit(0);
  }

  private static SpeakerProcess start(Fabric fabric, int node) {
    SpeakerProcess s = fabric.add(SpeakerProcess.start(fabric.node(node)));
    s.command("speaker 65001 198.18.0." + (10 + node) + " -1 120 false");
    s.command("peer " + Fabric.ROUTER_V4 + " 65000 families=4");
    return s;
  }

  private static void awaitUp(SpeakerProcess s) {
    s.awaitEvent(e -> e.contains(" UP "), Duration.ofSeconds(60));
  }

  private static int destinations(GobgpRouter r) {
    Matcher m = DESTINATIONS.matcher(r.gobgp("global", "rib", "summary", "-a", "ipv4"));
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }

  private static void waitNextHop(GobgpRouter r, String prefix, String nextHop, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      List<Rib.Path> ps = Rib.paths(r, "ipv4", prefix);
      if (ps.size() == 1 && ps.get(0).nextHop().equals(nextHop)) {
        return;
      }
      Thread.sleep(5);
    }
    throw new IllegalStateException(prefix + " never pointed at " + nextHop);
  }
}
