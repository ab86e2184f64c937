package io.fulcrum.bgp.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fulcrum.testrig.Capabilities;
import io.fulcrum.testrig.bgp.GobgpRouter;
import io.fulcrum.testrig.bgp.GobgpRouter.Neighbor;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The speaker against a real gobgpd router in its own namespace. */
class BgpInteropIT {
  private Fabric fabric;

  @BeforeEach
  void setUp() {
    Capabilities.requireKernelTestRig();
    fabric = new Fabric(2);
  }

  @AfterEach
  void tearDown() {
    if (fabric != null) {
      fabric.close();
    }
  }

  private GobgpRouter router(Neighbor... neighbors) {
    return fabric.add(
        GobgpRouter.start(fabric.router(), 65000, "198.18.0.1", 179, List.of(neighbors)));
  }

  private SpeakerProcess speaker(int node, long as) {
    SpeakerProcess s = fabric.add(SpeakerProcess.start(fabric.node(node)));
    s.command("speaker " + as + " 198.18.0." + (10 + node) + " 179 120 false");
    return s;
  }

  private static void awaitUp(SpeakerProcess s) {
    s.awaitEvent(e -> e.contains(" UP "), Duration.ofSeconds(30));
  }

  private static void awaitPaths(GobgpRouter r, String family, String prefix, int count) {
    await()
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> Rib.paths(r, family, prefix).size() == count);
  }

  @Test
  void ebgpSessionWithMd5CarriesIpv4AndIpv6RoutesWithTheirAttributes() {
    GobgpRouter r = router(Neighbor.of(Fabric.nodeV4(1), 4200000001L).withMd5("s3cret"));
    SpeakerProcess s = speaker(1, 4200000001L);
    s.command("peer " + Fabric.ROUTER_V4 + " 65000 md5=s3cret nh6=" + Fabric.nodeV6(1));
    awaitUp(s);
    s.command("announce 198.18.100.1/32 med=50 comm=65000:100,65000:200 lcomm=4200000001:7:9");
    s.command("announce 2001:db8:100::1/128 med=60 comm=65000:300");
    awaitPaths(r, "ipv4", "198.18.100.1/32", 1);
    Rib.Path p = Rib.paths(r, "ipv4", "198.18.100.1/32").get(0);
    assertThat(p.nextHop()).isEqualTo(Fabric.nodeV4(1));
    assertThat(p.attr(1).path("value").asInt()).as("ORIGIN IGP").isZero();
    assertThat(p.attr(2).toString()).contains("[4200000001]");
    assertThat(p.attr(4).path("metric").asInt()).isEqualTo(50);
    assertThat(p.attr(8).toString()).contains("4259840100", "4259840200");
    assertThat(p.attr(32).toString())
        .contains("\"ASN\":4200000001", "\"LocalData1\":7", "\"LocalData2\":9");
    assertThat(p.attr(5)).as("no LOCAL_PREF on eBGP").isNull();
    awaitPaths(r, "ipv6", "2001:db8:100::1/128", 1);
    Rib.Path p6 = Rib.paths(r, "ipv6", "2001:db8:100::1/128").get(0);
    assertThat(p6.nextHop()).isEqualTo(Fabric.nodeV6(1));
    assertThat(p6.attr(4).path("metric").asInt()).isEqualTo(60);
    assertThat(p6.attr(8).toString()).contains("4259840300");
    List<String> metrics = s.query("metrics");
    assertThat(metrics)
        .anyMatch(m -> m.startsWith("METRIC fulcrum_bgp_session_up{") && m.endsWith(" 1.0"));
    assertThat(metrics).anyMatch(m -> m.startsWith("METRIC fulcrum_bgp_updates_sent_total{"));
    assertThat(s.query("status")).anyMatch(l -> l.contains("ESTABLISHED advertised=2"));
  }

  @Test
  void wrongMd5KeyNeverEstablishes() throws Exception {
    GobgpRouter r = router(Neighbor.of(Fabric.nodeV4(1), 65001).withMd5("right"));
    SpeakerProcess s = speaker(1, 65001);
    s.command("peer " + Fabric.ROUTER_V4 + " 65000 md5=wrong");
    Thread.sleep(4000);
    assertThat(s.events()).isEmpty();
    assertThat(r.neighborJson(Fabric.nodeV4(1))).doesNotContain("\"session_state\":6");
  }

  @Test
  void ibgpSessionOverIpv6CarriesLocalPrefAndAnEmptyAsPath() {
    GobgpRouter r = router(Neighbor.of(Fabric.nodeV6(1), 65000));
    SpeakerProcess s = speaker(1, 65000);
    s.command("peer " + Fabric.ROUTER_V6 + " 65000 ttl=255 nh4=" + Fabric.nodeV4(1));
    awaitUp(s);
    s.command("announce 198.18.100.2/32 lp=200");
    s.command("announce 2001:db8:100::2/128");
    awaitPaths(r, "ipv4", "198.18.100.2/32", 1);
    Rib.Path p = Rib.paths(r, "ipv4", "198.18.100.2/32").get(0);
    assertThat(p.nextHop()).isEqualTo(Fabric.nodeV4(1));
    assertThat(p.attr(5).path("value").asInt()).as("LOCAL_PREF").isEqualTo(200);
    assertThat(p.attr(2).path("as_paths").size()).as("empty AS_PATH").isZero();
    awaitPaths(r, "ipv6", "2001:db8:100::2/128", 1);
    Rib.Path p6 = Rib.paths(r, "ipv6", "2001:db8:100::2/128").get(0);
    assertThat(p6.nextHop()).isEqualTo(Fabric.nodeV6(1));
    assertThat(p6.attr(5).path("value").asInt()).as("default LOCAL_PREF").isEqualTo(100);
  }

  @Test
  void passiveSessionAcceptsTheRoutersConnection() {
    GobgpRouter r = router(Neighbor.of(Fabric.nodeV4(2), 65002).withPassive(false));
    SpeakerProcess s = speaker(2, 65002);
    s.command("peer " + Fabric.ROUTER_V4 + " 65000 passive=true families=4");
    awaitUp(s);
    s.command("announce 198.18.100.3/32");
    awaitPaths(r, "ipv4", "198.18.100.3/32", 1);
  }

  @Test
  void ownerDeathMovesTheRouteToTheNewOwner() {
    GobgpRouter r =
        router(Neighbor.of(Fabric.nodeV4(1), 65001), Neighbor.of(Fabric.nodeV4(2), 65001));
    SpeakerProcess owner = speaker(1, 65001);
    SpeakerProcess next = speaker(2, 65001);
    owner.command("peer " + Fabric.ROUTER_V4 + " 65000");
    next.command("peer " + Fabric.ROUTER_V4 + " 65000");
    awaitUp(owner);
    awaitUp(next);
    owner.command("announce 198.18.100.4/32");
    awaitPaths(r, "ipv4", "198.18.100.4/32", 1);
    assertThat(Rib.paths(r, "ipv4", "198.18.100.4/32").get(0).nextHop())
        .isEqualTo(Fabric.nodeV4(1));
    owner.kill();
    next.command("announce 198.18.100.4/32");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              List<Rib.Path> ps = Rib.paths(r, "ipv4", "198.18.100.4/32");
              return ps.size() == 1 && ps.get(0).nextHop().equals(Fabric.nodeV4(2));
            });
  }

  @Test
  void everyHealthyNodeAnnouncingGivesTheRouterOnePathPerNode() {
    GobgpRouter r =
        router(Neighbor.of(Fabric.nodeV4(1), 65001), Neighbor.of(Fabric.nodeV4(2), 65002));
    SpeakerProcess a = speaker(1, 65001);
    SpeakerProcess b = speaker(2, 65002);
    a.command("peer " + Fabric.ROUTER_V4 + " 65000 families=4");
    b.command("peer " + Fabric.ROUTER_V4 + " 65000 families=4");
    awaitUp(a);
    awaitUp(b);
    a.command("announce 198.18.100.8/32");
    b.command("announce 198.18.100.8/32");
    awaitPaths(r, "ipv4", "198.18.100.8/32", 2);
    assertThat(Rib.paths(r, "ipv4", "198.18.100.8/32"))
        .extracting(Rib.Path::nextHop)
        .containsExactlyInAnyOrder(Fabric.nodeV4(1), Fabric.nodeV4(2));
  }

  @Test
  void serviceWithoutHealthyBackendIsWithdrawn() {
    GobgpRouter r = router(Neighbor.of(Fabric.nodeV4(1), 65001));
    SpeakerProcess s = speaker(1, 65001);
    s.command("peer " + Fabric.ROUTER_V4 + " 65000 nh6=" + Fabric.nodeV6(1));
    awaitUp(s);
    s.command("announce 198.18.100.5/32");
    s.command("announce 198.18.100.6/32");
    s.command("announce 2001:db8:100::5/128");
    awaitPaths(r, "ipv4", "198.18.100.5/32", 1);
    awaitPaths(r, "ipv6", "2001:db8:100::5/128", 1);
    s.command("withdraw 198.18.100.5/32");
    s.command("withdraw 2001:db8:100::5/128");
    awaitPaths(r, "ipv4", "198.18.100.5/32", 0);
    awaitPaths(r, "ipv6", "2001:db8:100::5/128", 0);
    assertThat(Rib.paths(r, "ipv4", "198.18.100.6/32")).hasSize(1);
  }

  @Test
  void gracefulRestartKeepsRoutesThroughAnAgentRestart() throws Exception {
    GobgpRouter r = router(Neighbor.of(Fabric.nodeV4(1), 65001).withGracefulRestart(true));
    SpeakerProcess first = speaker(1, 65001);
    first.command("peer " + Fabric.ROUTER_V4 + " 65000 families=4");
    awaitUp(first);
    first.command("announce 198.18.100.7/32");
    awaitPaths(r, "ipv4", "198.18.100.7/32", 1);
    first.command("close-for-restart");
    first.kill();
    // the router keeps the route (stale) while the agent is away
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> Rib.paths(r, "ipv4", "198.18.100.7/32").stream().anyMatch(Rib.Path::stale));
    for (int i = 0; i < 10; i++) {
      assertThat(Rib.paths(r, "ipv4", "198.18.100.7/32")).hasSize(1);
      Thread.sleep(200);
    }
    SpeakerProcess second = fabric.add(SpeakerProcess.start(fabric.node(1)));
    second.command("speaker 65001 198.18.0.11 179 120 true");
    second.command("peer " + Fabric.ROUTER_V4 + " 65000 families=4");
    second.command("announce 198.18.100.7/32");
    awaitUp(second);
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () -> {
              List<Rib.Path> ps = Rib.paths(r, "ipv4", "198.18.100.7/32");
              return ps.size() == 1 && !ps.get(0).stale();
            });
  }
}
