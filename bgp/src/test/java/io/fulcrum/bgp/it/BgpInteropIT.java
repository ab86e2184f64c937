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

  @Test
  void ebgpSessionWithMd5CarriesIpv4AndIpv6RoutesWithTheirAttributes() {
    GobgpRouter r = router(Neighbor.of(Fabric.nodeV4(1), 4200000001L).withMd5("s3cret"));
    SpeakerProcess s = speaker(1, 4200000001L);
    s.command("peer " + Fabric.ROUTER_V4 + " 65000 md5=s3cret nh6=" + Fabric.nodeV6(1));
    awaitUp(s);
    s.command("announce 198.18.100.1/32 med=50 comm=65000:100,65000:200 lcomm=4200000001:7:9");
    s.command("announce 2001:db8:100::1/128 med=60");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !Rib.paths(r, "ipv4", "198.18.100.1/32").isEmpty());
    Rib.Path p = Rib.paths(r, "ipv4", "198.18.100.1/32").get(0);
    System.out.println(p);
    assertThat(p.nextHop()).isEqualTo(Fabric.nodeV4(1));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !Rib.paths(r, "ipv6", "2001:db8:100::1/128").isEmpty());
    System.out.println(Rib.paths(r, "ipv6", "2001:db8:100::1/128"));
  }
}
