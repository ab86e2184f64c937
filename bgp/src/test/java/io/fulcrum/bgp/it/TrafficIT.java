package io.fulcrum.bgp.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fulcrum.testrig.Capabilities;
import io.fulcrum.testrig.Netns;
import io.fulcrum.testrig.Sh;
import io.fulcrum.testrig.Veth;
import io.fulcrum.testrig.bgp.FrrRouter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Traffic from a client behind a real router (FRR bgpd + zebra, which install BGP routes into the
 * router namespace's kernel table) reaches the VIP through the next hop the speaker announced, and
 * follows the VIP when its owner dies and the next owner announces it.
 */
class TrafficIT {
  private static final String VIP = "198.19.0.10";

  @Test
  void clientTrafficFollowsTheAnnouncedNextHop() throws Exception {
    Capabilities.requireKernelTestRig();
    try (Fabric fabric = new Fabric(2)) {
      Netns client = fabric.add(Netns.create("bgc"));
      Veth up = Veth.create(client, fabric.router());
      up.addrA("198.18.2.2/24");
      up.addrB("198.18.2.1/24");
      client.exec("ip", "route", "add", "default", "via", "198.18.2.1");
      for (int i = 1; i <= 2; i++) {
        Netns n = fabric.node(i);
        n.exec("ip", "addr", "add", VIP + "/32", "dev", "lo");
        n.exec("ip", "route", "add", "default", "via", Fabric.ROUTER_V4);
        Path dir = Files.createTempDirectory("web-" + n.name());
        fabric.add(() -> Sh.quiet("rm", "-rf", dir.toString()));
        Files.writeString(dir.resolve("index.html"), "node" + i + "\n");
        n.spawn(
            null,
            "python3",
            "-m",
            "http.server",
            "8080",
            "--bind",
            VIP,
            "--directory",
            dir.toString());
      }
      FrrRouter router =
          fabric.add(
              FrrRouter.start(
                  fabric.router(),
                  65000,
                  "198.18.0.1",
                  List.of(
                      new FrrRouter.Neighbor(Fabric.nodeV4(1), 65001),
                      new FrrRouter.Neighbor(Fabric.nodeV4(2), 65002))));
      SpeakerProcess owner = speaker(fabric, 1, 65001);
      SpeakerProcess next = speaker(fabric, 2, 65002);
      owner.awaitEvent(e -> e.contains(" UP "), Duration.ofSeconds(60));
      next.awaitEvent(e -> e.contains(" UP "), Duration.ofSeconds(60));

      owner.command("announce " + VIP + "/32");
      awaitRoute(fabric.router(), Fabric.nodeV4(1), router);
      assertThat(get(client)).isEqualTo("node1");

      owner.kill();
      next.command("announce " + VIP + "/32");
      awaitRoute(fabric.router(), Fabric.nodeV4(2), router);
      await().atMost(Duration.ofSeconds(10)).until(() -> "node2".equals(get(client)));
    }
  }

  private static SpeakerProcess speaker(Fabric fabric, int node, long as) {
    SpeakerProcess s = fabric.add(SpeakerProcess.start(fabric.node(node)));
    // graceful restart off: FRR is a graceful-restart helper by default and would keep a dead
    // owner's route (stale) for the restart time
    s.command("speaker " + as + " 198.18.0." + (10 + node) + " -1 -1 false");
    s.command("peer " + Fabric.ROUTER_V4 + " 65000 families=4");
    return s;
  }

  private static void awaitRoute(Netns router, String nextHop, FrrRouter frr) {
    try {
      await()
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () ->
                  router.exec("ip", "route", "show", VIP).contains("via " + nextHop)
                      && !router.exec("ip", "route", "show", VIP).contains("nexthop"));
    } catch (RuntimeException e) {
      throw new AssertionError(
          "route to "
              + VIP
              + " never via "
              + nextHop
              + ": "
              + router.exec("ip", "route")
              + frr.vtysh("bgpd", "show bgp ipv4 unicast")
              + frr.output(),
          e);
    }
  }

  private static String get(Netns client) throws IOException {
    Sh.Result r = client.run("curl", "-s", "--max-time", "2", "http://" + VIP + ":8080/index.html");
    return r.stdout().trim();
  }
}
