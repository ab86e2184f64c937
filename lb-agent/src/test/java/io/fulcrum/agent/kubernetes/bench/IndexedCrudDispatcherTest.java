package io.fulcrum.agent.kubernetes.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.util.HashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The indexed store answers like fabric8's own CRUD store. */
class IndexedCrudDispatcherTest {
  KubernetesMockServer server;
  KubernetesClient client;

  @BeforeEach
  void start() {
    server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new IndexedCrudDispatcher(),
            false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    client = server.createClient();
  }

  @AfterEach
  void stop() {
    client.close();
    server.destroy();
  }

  @Test
  void createGetUpdateStatusListAndDeleteWorkByName() {
    for (int i = 0; i < 5; i++) {
      client.services().resource(KubernetesAgentBench.service(i)).create();
      client
          .discovery()
          .v1()
          .endpointSlices()
          .resource(KubernetesAgentBench.slice(i, 3, -1))
          .create();
    }
    var svc = client.services().inNamespace("bench").withName("svc-3");
    assertThat(svc.get().getMetadata().getName()).isEqualTo("svc-3");
    assertThat(client.services().inNamespace("bench").withName("svc-9").get()).isNull();
    assertThat(client.services().inNamespace("other").withName("svc-3").get()).isNull();

    client.discovery().v1().endpointSlices().resource(KubernetesAgentBench.slice(3, 3, 7)).update();
    assertThat(
            client
                .discovery()
                .v1()
                .endpointSlices()
                .inNamespace("bench")
                .withName("svc-3-1")
                .get()
                .getEndpoints()
                .get(0)
                .getAddresses())
        .containsExactly("198.18.200.8");

    Service withStatus =
        svc.editStatus(
            s -> {
              s.setStatus(
                  new io.fabric8.kubernetes.api.model.ServiceStatusBuilder()
                      .withNewLoadBalancer()
                      .addNewIngress()
                      .withIp("198.18.0.1")
                      .endIngress()
                      .endLoadBalancer()
                      .build());
              return s;
            });
    assertThat(withStatus.getStatus().getLoadBalancer().getIngress()).hasSize(1);
    assertThat(svc.get().getStatus().getLoadBalancer().getIngress().get(0).getIp())
        .isEqualTo("198.18.0.1");

    assertThat(client.services().inNamespace("bench").list().getItems()).hasSize(5);
    svc.delete();
    assertThat(svc.get()).isNull();
    assertThat(client.services().inNamespace("bench").list().getItems()).hasSize(4);
    client.services().resource(KubernetesAgentBench.service(3)).create();
    assertThat(svc.get()).isNotNull();
  }
}
