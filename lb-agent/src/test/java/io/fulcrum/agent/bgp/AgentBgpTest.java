package io.fulcrum.agent.bgp;

import static io.fulcrum.agent.testing.Specs.backend;
import static io.fulcrum.agent.testing.Specs.key;
import static io.fulcrum.agent.testing.Specs.svc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fulcrum.agent.AgentRuntime;
import io.fulcrum.agent.config.AgentConfig;
import io.fulcrum.agent.config.ConfigParser;
import io.fulcrum.agent.metrics.AgentMetrics;
import io.fulcrum.agent.reconcile.ReconcileLoop;
import io.fulcrum.agent.reconcile.Reconciler;
import io.fulcrum.agent.state.DesiredStateStore;
import io.fulcrum.agent.testing.InMemoryDatapath;
import io.fulcrum.datapath.BackendState;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The agent's speaker (a real {@link io.fulcrum.bgp.BgpSpeaker} on loopback with one passive peer
 * that never connects) follows the store: services and their backends' health decide what it
 * announces. The sessions with real routers are tested in the agent's ITs.
 */
class AgentBgpTest {
  final DesiredStateStore store = new DesiredStateStore();
  final InMemoryDatapath datapath = new InMemoryDatapath();
  final AgentMetrics metrics = new AgentMetrics();
  final ReconcileLoop loop =
      new ReconcileLoop(new Reconciler(datapath, store, System::nanoTime, metrics));
  AgentBgp bgp;

  {
    store.addListener(loop);
  }

  @AfterEach
  void close() {
    if (bgp != null) {
      bgp.close();
    }
    loop.close();
    metrics.close();
  }

  AgentBgp start(String bgpYaml) throws Exception {
    AgentConfig config =
        ConfigParser.parse(
            ("dataplane: {interfaces: [eth0]}\n" + bgpYaml).getBytes(StandardCharsets.UTF_8),
            "t.yaml");
    bgp = AgentBgp.start(new AgentRuntime(config, datapath, store, loop, metrics), null);
    return bgp;
  }

  static final String ENABLED =
      "bgp:\n  enabled: true\n  localAs: 65001\n  routerId: 198.18.0.1\n  med: 5\n"
          + "  peers: [{address: 127.0.0.1, peerAs: 65000, passive: true}]\n";

  void awaitAnnounced(String... prefixes) {
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> assertThat(bgp.status().announced()).containsExactlyInAnyOrder(prefixes));
  }

  @Test
  void disabledSectionStartsNothing() throws Exception {
    assertThat(start("")).isNull();
  }

  @Test
  void announcesWhatTheStoreHoldsAndWithdrawsAServiceWithoutHealthyBackend() throws Exception {
    store.replace("file", List.of(svc("web", 1, 1, 2), svc("dns", 2, 3)));
    start(ENABLED);
    assertThat(bgp.status().announced())
        .as("the whole set before any session opens")
        .containsExactlyInAnyOrder("198.18.100.1/32", "198.18.100.2/32");
    assertThat(datapath.services).as("programmed before announced").hasSize(2);
    assertThat(bgp.status().localAs()).isEqualTo(65001);
    assertThat(bgp.status().routerId()).isEqualTo("198.18.0.1");
    assertThat(bgp.status().peers()).hasSize(1);
    assertThat(bgp.status().peers().get(0).state()).isNotEqualTo("ESTABLISHED");

    InetSocketAddress b3 = new InetSocketAddress(backend(3).address(), 8080);
    store.overrideBackend(key(2), b3, BackendState.DOWN);
    awaitAnnounced("198.18.100.1/32");
    store.overrideBackend(key(2), b3, null);
    awaitAnnounced("198.18.100.1/32", "198.18.100.2/32");

    store.replace("file", List.of(svc("web", 1, 1, 2), svc("api", 3, 1)));
    awaitAnnounced("198.18.100.1/32", "198.18.100.3/32");
    assertThat(metrics.scrape()).contains("fulcrum_bgp_routes_announced 2.0");
  }
}
