package io.fulcrum.kubernetes;

import static io.fulcrum.kubernetes.Fixtures.lb;
import static io.fulcrum.kubernetes.Fixtures.pool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fulcrum.datapath.Protocol;
import io.fulcrum.datapath.ServiceKey;
import io.fulcrum.datapath.ServiceSpec;
import io.fulcrum.kubernetes.pool.FulcrumIPPool;
import io.fulcrum.kubernetes.pool.IpAddresses;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The agent reaches the mock API server through a TCP forwarder that the test cuts and restores: an
 * outage as the agent sees it, while the cluster (the mock's store) goes on changing.
 */
@EnableKubernetesMockClient(crud = true)
class ApiServerOutageTest {
  static final Duration WAIT = Duration.ofSeconds(90);
  KubernetesClient mockClient;
  KubernetesMockServer server;
  KubernetesClient client;

  @org.junit.jupiter.api.AfterEach
  void closeClient() {
    if (client != null) {
      client.close();
    }
  }

  static ServiceKey key(String vip, int port) {
    return new ServiceKey(IpAddresses.parseLiteral(vip), port, Protocol.TCP);
  }

  @Test
  void outageChangesNothingAndTheReturnResyncsWithoutDisturbingAFlow() throws Exception {
    client = MockClients.patient(mockClient);
    client
        .resources(FulcrumIPPool.class)
        .resource(pool("main", "198.18.0.10-198.18.0.12"))
        .create();
    client.services().resource(lb("web", 80)).create();
    EndpointSlice slice =
        client
            .discovery()
            .v1()
            .endpointSlices()
            .resource(Fixtures.slice("web", 8080, "198.18.100.1"))
            .create();
    TestPorts.Leadership leadership = new TestPorts.Leadership(true);
    TestPorts.Recorder recorder = new TestPorts.Recorder();
    try (TcpProxy proxy = new TcpProxy(server.getPort());
        KubernetesClient agentClient =
            new KubernetesClientBuilder()
                .withConfig(
                    new ConfigBuilder(client.getConfiguration())
                        .withMasterUrl("https://localhost:" + proxy.port())
                        .withWatchReconnectInterval(200)
                        .withRequestRetryBackoffInterval(100)
                        .withConnectionTimeout(60_000)
                        .withRequestTimeout(60_000)
                        .build())
                .build();
        KubernetesSource source =
            new KubernetesSource(
                agentClient,
                KubernetesSettings.defaults("node-a"),
                leadership,
                AllocationStore.inMemory(),
                recorder,
                Clock.systemUTC())) {
      source.start();
      assertThat(source.awaitSynced(WAIT)).isTrue();
      ServiceKey web = key("198.18.0.10", 80);
      await()
          .atMost(WAIT)
          .until(() -> recorder.last != null && recorder.last.specs().containsKey(web));
      await()
          .atMost(WAIT)
          .until(
              () -> {
                var s = client.services().inNamespace("default").withName("web").get();
                return s.getStatus() != null
                    && s.getStatus().getLoadBalancer() != null
                    && !s.getStatus().getLoadBalancer().getIngress().isEmpty();
              });
      Thread.sleep(500); // let the status write's own echo settle
      ServiceSpec before = recorder.last.specs().get(web);
      int publications = recorder.history.size();

      proxy.stop();
      // the cluster changes while the agent cannot see it
      client
          .discovery()
          .v1()
          .endpointSlices()
          .resource(Fixtures.slice("web", 8080, "198.18.100.1", "198.18.100.2"))
          .update();
      client.services().resource(lb("api", 443)).create();
      Thread.sleep(3000);
      assertThat(recorder.history).as("nothing published during the outage").hasSize(publications);
      assertThat(source.current().specs()).containsEntry(web, before);

      proxy.start();
      ServiceKey api = key("198.18.0.11", 443);
      await()
          .atMost(WAIT)
          .until(
              () ->
                  recorder.last.specs().containsKey(api)
                      && recorder.last.specs().get(web).backends().size() == 2);
      // the existing service was never withdrawn, and its VIP and mode never changed
      for (KubernetesDesired d : recorder.history.subList(publications, recorder.history.size())) {
        assertThat(d.removed()).doesNotContain(web);
        assertThat(d.specs()).containsKey(web);
        assertThat(d.specs().get(web).mode()).isEqualTo(before.mode());
      }
      assertThat(recorder.last.specs().get(web).backends()).containsAll(before.backends());
      assertThat(slice.getMetadata().getName()).isEqualTo("web-1");
    }
  }
}
