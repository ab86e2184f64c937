package io.fulcrum.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fulcrum.testrig.Capabilities;
import io.fulcrum.testrig.Netns;
import io.fulcrum.testrig.bgp.FrrRouter;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Traffic from a user behind a real router reaches the VIP through the next hop the agent
 * announced: FRR's bgpd learns the route from the agent and zebra installs it into the router
 * namespace's kernel table; the agent's XDP data plane balances the flows over the backends. With
 * graceful restart the router keeps the route while the agent restarts, and the pinned data plane
 * keeps answering all along.
 */
class AgentBgpTrafficIT {
  static final String VIP = "198.18.100.40";

  BgpLab lab;

  @BeforeEach
  void lab() throws Exception {
    Capabilities.requireKernelTestRig();
    lab = new BgpLab();
  }

  @AfterEach
  void tearDown() {
    if (lab != null) {
      lab.close();
    }
  }

  private String route() {
    return lab.router().exec("ip", "route", "show", VIP);
  }

  @Test
  void userTrafficReachesTheVipThroughTheAnnouncedNextHopAlsoAcrossAnAgentRestart()
      throws Exception {
    for (int i = 1; i <= 3; i++) {
      lab.topo.startHttp(i);
    }
    Netns user = lab.user();
    FrrRouter frr =
        lab.topo.cleanup.add(
            FrrRouter.start(
                lab.router(),
                65000,
                BgpLab.ROUTER,
                List.of(new FrrRouter.Neighbor(BgpLab.NEXT_HOP, 65001))));
    String url = "http://" + VIP + "/";
    assertThat(BgpLab.curl(user, url)).as("no route to the VIP before the agent").isEmpty();

    String yaml =
        lab.yaml(
            "services:\n  - {name: web, vip: "
                + VIP
                + ", port: 80, backends: ["
                + LbTopology.backendList(8080)
                + "]}\nbgp:\n  enabled: true\n  localAs: 65001\n"
                + "  peers: [{address: "
                + BgpLab.ROUTER
                + ", peerAs: 65000, holdTime: 9, families: [ipv4]}]\n");
    AgentProcess first = lab.start(yaml);
    try {
      await()
          .atMost(Duration.ofSeconds(40))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> route().contains("via " + BgpLab.NEXT_HOP));
    } catch (RuntimeException e) {
      throw new AssertionError(
          "the router never installed "
              + VIP
              + " via "
              + BgpLab.NEXT_HOP
              + ":\n"
              + lab.router().exec("ip", "route")
              + frr.vtysh("bgpd", "show bgp ipv4 unicast")
              + first.logText(),
          e);
    }
    assertThat(route()).contains("proto bgp");
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 30; i++) {
      seen.add(BgpLab.curl(user, url));
    }
    assertThat(seen)
        .as("served by the backends through the XDP data plane")
        .containsExactlyInAnyOrder("backend-1", "backend-2", "backend-3");

    // graceful restart: the router keeps the route while the agent is away, and the pinned data
    // plane keeps serving
    assertThat(first.stop()).isZero();
    for (int i = 0; i < 12; i++) {
      assertThat(route()).as("route kept through the restart").contains("via " + BgpLab.NEXT_HOP);
      assertThat(BgpLab.curl(user, url)).startsWith("backend-");
      Thread.sleep(1000);
    }
    AgentProcess second = lab.start(yaml);
    second.awaitLog("BGP session with " + BgpLab.ROUTER + " up", Duration.ofSeconds(40));
    Thread.sleep(1000);
    assertThat(route()).contains("via " + BgpLab.NEXT_HOP);
    assertThat(BgpLab.curl(user, url)).startsWith("backend-");
  }
}
