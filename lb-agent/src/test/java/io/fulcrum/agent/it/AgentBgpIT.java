package io.fulcrum.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fulcrum.testrig.Capabilities;
import io.fulcrum.testrig.bgp.GobgpRouter;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The agent ({@code java -jar fulcrum-agent.jar run}, real XDP data plane) announcing its VIPs to a
 * real gobgpd router in its own namespace ({@link BgpLab}): the session comes up (with TCP MD5),
 * the router's RIB holds each VIP with its attributes, a service whose backends all fail their
 * health check is withdrawn (and comes back), and graceful restart keeps the routes through an
 * agent restart.
 */
class AgentBgpIT {
  static final String WEB = "198.18.100.30";
  static final String API = "198.18.100.31";

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

  private GobgpRouter router(GobgpRouter.Neighbor agent) {
    return lab.topo.cleanup.add(
        GobgpRouter.start(lab.router(), 65000, BgpLab.ROUTER, 179, List.of(agent)));
  }

  /** web on backends 1 and 2, api on backend 3 with an HTTP health check. */
  private String services(String bgp) {
    return "services:\n  - {name: web, vip: "
        + WEB
        + ", port: 80, backends: [{address: 198.18.11.2, port: 8080},"
        + " {address: 198.18.12.2, port: 8080}]}\n  - {name: api, vip: "
        + API
        + ", port: 80, backends: [{address: 198.18.13.2, port: 8080}]}\n"
        + "healthcheck:\n  services:\n"
        + "    api: {type: http, path: /, interval: 300ms, timeout: 200ms, rise: 2, fall: 2}\n"
        + bgp;
  }

  private static void awaitPaths(GobgpRouter r, String prefix, int count) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> BgpRib.paths(r, "ipv4", prefix).size() == count);
  }

  @Test
  void announcesEachVipWithItsAttributesAndWithdrawsAServiceWithoutHealthyBackend()
      throws Exception {
    for (int i = 1; i <= 3; i++) {
      lab.topo.startHttp(i);
    }
    GobgpRouter r = router(GobgpRouter.Neighbor.of(BgpLab.NEXT_HOP, 65001).withMd5("s3cret"));
    Files.writeString(lab.dir.resolve("md5.key"), "s3cret\n");
    AgentProcess agent =
        lab.start(
            lab.yaml(
                services(
                    "bgp:\n  enabled: true\n  localAs: 65001\n  med: 10\n"
                        + "  communities: [\"65001:100\"]\n"
                        + "  services:\n    api: {med: 20, largeCommunities: [\"65001:7:9\"]}\n"
                        + "  peers:\n    - {address: "
                        + BgpLab.ROUTER
                        + ", peerAs: 65000, holdTime: 9, families: [ipv4], passwordFile: "
                        + lab.dir.resolve("md5.key")
                        + "}\n")));
    agent.awaitLog("BGP session with " + BgpLab.ROUTER + " up", Duration.ofSeconds(30));
    assertThat(agent.logText()).contains("router id " + BgpLab.NEXT_HOP);

    awaitPaths(r, WEB + "/32", 1);
    BgpRib.Path web = BgpRib.paths(r, "ipv4", WEB + "/32").get(0);
    assertThat(web.nextHop()).as("next-hop self").isEqualTo(BgpLab.NEXT_HOP);
    assertThat(web.attr(1).path("value").asInt()).as("ORIGIN IGP").isZero();
    assertThat(web.attr(2).toString()).contains("[65001]");
    assertThat(web.attr(4).path("metric").asInt()).isEqualTo(10);
    assertThat(web.attr(8).toString()).contains(Long.toString(65001L * 65536 + 100));
    assertThat(web.attr(32)).as("no large communities on web").isNull();
    awaitPaths(r, API + "/32", 1);
    BgpRib.Path api = BgpRib.paths(r, "ipv4", API + "/32").get(0);
    assertThat(api.attr(4).path("metric").asInt()).as("api's own MED").isEqualTo(20);
    assertThat(api.attr(8).toString()).contains(Long.toString(65001L * 65536 + 100));
    assertThat(api.attr(32).toString())
        .contains("\"ASN\":65001", "\"LocalData1\":7", "\"LocalData2\":9");
    // api's only backend fails its health check: its VIP leaves the router, web's stays
    HealthIT.killAll(lab.topo.backends.get(2));
    agent.awaitLog(
        "BGP withdraw " + API + "/32 (no healthy backend in api)", Duration.ofSeconds(10));
    awaitPaths(r, API + "/32", 0);
    assertThat(BgpRib.paths(r, "ipv4", WEB + "/32")).hasSize(1);

    // and comes back once the backend does
    lab.topo.startHttp(3);
    awaitPaths(r, API + "/32", 1);
  }

  @Test
  void gracefulRestartKeepsTheRoutesThroughAnAgentRestart() throws Exception {
    lab.topo.startHttp(1);
    lab.topo.startHttp(2);
    GobgpRouter r =
        router(GobgpRouter.Neighbor.of(BgpLab.NEXT_HOP, 65001).withGracefulRestart(true));
    String yaml =
        lab.yaml(
            "services:\n  - {name: web, vip: "
                + WEB
                + ", port: 80, backends: [{address: 198.18.11.2, port: 8080}]}\n"
                + "bgp:\n  enabled: true\n  localAs: 65001\n  routerId: 198.18.0.1\n"
                + "  gracefulRestart: {enabled: true, restartTime: 120}\n"
                + "  peers: [{address: "
                + BgpLab.ROUTER
                + ", peerAs: 65000, holdTime: 9, families: [ipv4]}]\n");
    AgentProcess first = lab.start(yaml);
    first.awaitLog("BGP session with " + BgpLab.ROUTER + " up", Duration.ofSeconds(30));
    awaitPaths(r, WEB + "/32", 1);
    String scrape = AgentProcess.scrape(lab.metricsPort);
    assertThat(scrape.lines().filter(l -> l.startsWith("fulcrum_bgp")))
        .as("the speaker's meters in the agent's registry: " + scrape)
        .anyMatch(l -> l.matches("fulcrum_bgp_session_up\\{peer=\"198\\.18\\.1\\.2\",?} 1\\.0"))
        .anyMatch(l -> l.matches("fulcrum_bgp_routes_announced(\\{})? 1\\.0"));

    assertThat(first.stop()).as("SIGTERM exit code").isZero();
    assertThat(first.logText()).contains("BGP stopping for a restart");
    // the router keeps the route (stale) while the agent is away, past its hold time of 9 s
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> BgpRib.paths(r, "ipv4", WEB + "/32").stream().anyMatch(BgpRib.Path::stale));
    for (int i = 0; i < 12; i++) {
      assertThat(BgpRib.paths(r, "ipv4", WEB + "/32")).as("route kept").hasSize(1);
      Thread.sleep(1000);
    }

    AgentProcess second = lab.start(yaml);
    second.awaitLog("BGP session with " + BgpLab.ROUTER + " up", Duration.ofSeconds(30));
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () -> {
              List<BgpRib.Path> ps = BgpRib.paths(r, "ipv4", WEB + "/32");
              return ps.size() == 1 && !ps.get(0).stale();
            });
  }
}
