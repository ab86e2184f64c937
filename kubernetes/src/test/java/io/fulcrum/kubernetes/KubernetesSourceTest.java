package io.fulcrum.kubernetes;

import static io.fulcrum.kubernetes.Fixtures.ep;
import static io.fulcrum.kubernetes.Fixtures.lb;
import static io.fulcrum.kubernetes.Fixtures.pool;
import static io.fulcrum.kubernetes.Fixtures.port;
import static io.fulcrum.kubernetes.Fixtures.ready;
import static io.fulcrum.kubernetes.Fixtures.slice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fulcrum.datapath.Backend;
import io.fulcrum.datapath.BackendState;
import io.fulcrum.datapath.Protocol;
import io.fulcrum.datapath.ServiceKey;
import io.fulcrum.kubernetes.desired.Annotations;
import io.fulcrum.kubernetes.pool.FulcrumIPPool;
import io.fulcrum.kubernetes.pool.IpAddresses;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class KubernetesSourceTest {
  static final Duration WAIT = Duration.ofSeconds(60);
  KubernetesClient mockClient;
  KubernetesClient client;

  final TestPorts.Leadership leadership = new TestPorts.Leadership(true);
  final TestPorts.Recorder recorder = new TestPorts.Recorder();
  KubernetesSource source;

  @BeforeEach
  void pools() {
    client = MockClients.patient(mockClient);
    client
        .resources(FulcrumIPPool.class)
        .resource(pool("main", "198.18.0.10-198.18.0.12", "2001:db8::10-2001:db8::11"))
        .create();
  }

  void startSource() throws Exception {
    source =
        new KubernetesSource(
            client,
            KubernetesSettings.defaults("node-a"),
            leadership,
            AllocationStore.inMemory(),
            recorder,
            Clock.systemUTC());
    source.start();
    assertThat(source.awaitSynced(WAIT)).isTrue();
  }

  @AfterEach
  void stop() {
    if (source != null) {
      source.close();
    }
    client.close();
  }

  static ServiceKey key(String vip, int port) {
    return new ServiceKey(IpAddresses.parseLiteral(vip), port, Protocol.TCP);
  }

  Service api(String name) {
    return client.services().inNamespace("default").withName(name).get();
  }

  List<io.fabric8.kubernetes.api.model.LoadBalancerIngress> ingress(String name) {
    Service s = api(name);
    if (s == null || s.getStatus() == null || s.getStatus().getLoadBalancer() == null) {
      return List.of();
    }
    var i = s.getStatus().getLoadBalancer().getIngress();
    return i == null ? List.of() : i;
  }

  List<io.fabric8.kubernetes.api.model.Condition> conditions(String name) {
    Service s = api(name);
    if (s == null || s.getStatus() == null || s.getStatus().getConditions() == null) {
      return List.of();
    }
    return s.getStatus().getConditions();
  }

  /** Edits a Service as a user would: again on a conflict with the controller's status write. */
  void editService(String name, java.util.function.UnaryOperator<Service> change) {
    for (int i = 0; ; i++) {
      try {
        client.services().inNamespace("default").withName(name).edit(change);
        return;
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        if (e.getCode() != 409 || i > 20) {
          throw e;
        }
      }
    }
  }

  List<Event> events(String reason) {
    return client.v1().events().inNamespace("default").list().getItems().stream()
        .filter(e -> reason.equals(e.getReason()))
        .toList();
  }

  void awaitSpec(ServiceKey key) {
    await()
        .atMost(WAIT)
        .until(() -> recorder.last != null && recorder.last.specs().containsKey(key));
  }

  @Test
  void serviceLifecycleCreateChangePortsChangeClassDelete() throws Exception {
    startSource();
    client.services().resource(lb("web", 80)).create();
    client
        .discovery()
        .v1()
        .endpointSlices()
        .resource(Fixtures.slice("web", 8080, "198.18.100.1"))
        .create();
    awaitSpec(key("198.18.0.10", 80));
    await()
        .atMost(WAIT)
        .until(() -> recorder.last.specs().get(key("198.18.0.10", 80)).backends().size() == 1);
    // status written by the leader, with ipMode VIP and a condition
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              Service s = api("web");
              assertThat(s.getStatus().getLoadBalancer().getIngress())
                  .singleElement()
                  .satisfies(
                      i -> {
                        assertThat(i.getIp()).isEqualTo("198.18.0.10");
                        assertThat(i.getIpMode()).isEqualTo("VIP");
                      });
              assertThat(s.getStatus().getConditions())
                  .anySatisfy(
                      c -> {
                        assertThat(c.getType()).isEqualTo(Annotations.CONDITION_ADDRESS);
                        assertThat(c.getStatus()).isEqualTo("True");
                      });
            });
    assertThat(events("AddressAssigned")).hasSize(1);

    // change ports: 80 goes, 8443 comes, the address stays
    editService(
        "web",
        s ->
            new ServiceBuilder(s)
                .editSpec()
                .withPorts(port("http", 8443, "TCP"))
                .endSpec()
                .build());
    awaitSpec(key("198.18.0.10", 8443));
    assertThat(recorder.last.specs()).doesNotContainKey(key("198.18.0.10", 80));
    assertThat(recorder.last.removed()).contains(key("198.18.0.10", 80));

    // change class: no longer ours, status cleared
    editService(
        "web",
        s ->
            new ServiceBuilder(s)
                .editSpec()
                .withLoadBalancerClass("example.com/other")
                .endSpec()
                .build());
    await().atMost(WAIT).until(() -> recorder.last.specs().isEmpty());
    await().atMost(WAIT).until(() -> ingress("web").isEmpty());

    // back to ours, then delete
    editService(
        "web",
        s ->
            new ServiceBuilder(s)
                .editSpec()
                .withLoadBalancerClass(KubernetesSettings.DEFAULT_CLASS)
                .endSpec()
                .build());
    awaitSpec(key("198.18.0.10", 8443));
    client.services().inNamespace("default").withName("web").delete();
    await()
        .atMost(WAIT)
        .until(() -> recorder.last.specs().isEmpty() && recorder.last.services().isEmpty());
  }

  @Test
  void allocationExhaustionRequestedSharingAndDualStack() throws Exception {
    startSource();
    client
        .services()
        .resource(
            new ServiceBuilder(lb("asks", 80))
                .editMetadata()
                .withAnnotations(Map.of(Annotations.LOAD_BALANCER_IPS, "198.18.0.12"))
                .endMetadata()
                .build())
        .create();
    client
        .services()
        .resource(
            new ServiceBuilder(lb("web", 80))
                .editMetadata()
                .withAnnotations(Map.of(Annotations.ALLOW_SHARED_IP, "k"))
                .endMetadata()
                .build())
        .create();
    client
        .services()
        .resource(
            new ServiceBuilder(lb("dns", 53))
                .editMetadata()
                .withAnnotations(Map.of(Annotations.ALLOW_SHARED_IP, "k"))
                .endMetadata()
                .build())
        .create();
    client
        .services()
        .resource(
            new ServiceBuilder(lb("dual", 81))
                .editSpec()
                .withIpFamilies("IPv4", "IPv6")
                .withIpFamilyPolicy("RequireDualStack")
                .endSpec()
                .build())
        .create();
    awaitSpec(key("198.18.0.12", 80));
    await()
        .atMost(WAIT)
        .until(
            () ->
                recorder.last.services().values().stream()
                        .filter(i -> !i.addresses().isEmpty())
                        .count()
                    == 4);
    var infos = recorder.last.services();
    assertThat(infos.get(new ServiceRef("default", "web")).addresses())
        .isEqualTo(infos.get(new ServiceRef("default", "dns")).addresses());
    assertThat(infos.get(new ServiceRef("default", "dual")).addresses()).hasSize(2);
    // the pool has three IPv4 addresses, all taken now: the next Service waits, with an Event
    client.services().resource(lb("late", 82)).create();
    await().atMost(WAIT).until(() -> !events("AddressPoolExhausted").isEmpty());
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(conditions("late"))
                    .anySatisfy(
                        c -> {
                          assertThat(c.getType()).isEqualTo(Annotations.CONDITION_ADDRESS);
                          assertThat(c.getStatus()).isEqualTo("False");
                          assertThat(c.getReason()).isEqualTo("AddressPoolExhausted");
                        }));
    // a requested address that is taken
    client
        .services()
        .resource(
            new ServiceBuilder(lb("thief", 83))
                .editSpec()
                .withLoadBalancerIP("198.18.0.12")
                .endSpec()
                .build())
        .create();
    await().atMost(WAIT).until(() -> !events("AddressInUse").isEmpty());
    // deleting one frees its address for the waiting Service
    client.services().inNamespace("default").withName("asks").delete();
    await()
        .atMost(WAIT)
        .until(
            () ->
                !recorder
                        .last
                        .services()
                        .get(new ServiceRef("default", "late"))
                        .addresses()
                        .isEmpty()
                    || !recorder
                        .last
                        .services()
                        .get(new ServiceRef("default", "thief"))
                        .addresses()
                        .isEmpty());
  }

  @Test
  void endpointChurnReachesTheSpec() throws Exception {
    startSource();
    client.services().resource(lb("web", 80)).create();
    EndpointSlice s =
        client
            .discovery()
            .v1()
            .endpointSlices()
            .resource(Fixtures.slice("web", 8080, "198.18.100.1"))
            .create();
    awaitSpec(key("198.18.0.10", 80));
    // add one, make the first terminating (still serving): it drains
    client
        .discovery()
        .v1()
        .endpointSlices()
        .resource(
            slice(
                "default",
                "web",
                s.getMetadata().getName(),
                "IPv4",
                "http",
                8080,
                ep("198.18.100.1", "node-a", false, true, true),
                ready("198.18.100.2", "node-b")))
        .update();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(recorder.last.specs().get(key("198.18.0.10", 80)).backends())
                    .containsExactly(
                        new Backend(
                            IpAddresses.parseLiteral("198.18.100.1"),
                            8080,
                            1,
                            BackendState.DRAINING),
                        new Backend(
                            IpAddresses.parseLiteral("198.18.100.2"), 8080, 1, BackendState.UP)));
    assertThat(recorder.last.changed()).containsExactly(key("198.18.0.10", 80));
    client
        .discovery()
        .v1()
        .endpointSlices()
        .resource(
            slice(
                "default",
                "web",
                s.getMetadata().getName(),
                "IPv4",
                "http",
                8080,
                ready("198.18.100.2", "node-b")))
        .update();
    await()
        .atMost(WAIT)
        .until(() -> recorder.last.specs().get(key("198.18.0.10", 80)).backends().size() == 1);
    client
        .discovery()
        .v1()
        .endpointSlices()
        .inNamespace("default")
        .withName(s.getMetadata().getName())
        .delete();
    await()
        .atMost(WAIT)
        .until(() -> recorder.last.specs().get(key("198.18.0.10", 80)).backends().isEmpty());
  }

  @Test
  void badAnnotationGivesAnEventAndKeepsTheService() throws Exception {
    startSource();
    client
        .services()
        .resource(
            new ServiceBuilder(lb("web", 80))
                .editMetadata()
                .withAnnotations(Map.of("health.fulcrum.io/type", "http"))
                .endMetadata()
                .build())
        .create();
    awaitSpec(key("198.18.0.10", 80));
    await()
        .atMost(WAIT)
        .until(
            () ->
                recorder.last.services().get(new ServiceRef("default", "web")).healthCheck()
                    != null);
    var before = recorder.last;
    editService(
        "web",
        x ->
            new ServiceBuilder(x)
                .editMetadata()
                .addToAnnotations("health.fulcrum.io/rise", "many")
                .endMetadata()
                .build());
    await().atMost(WAIT).until(() -> !events("InvalidAnnotation").isEmpty());
    assertThat(events("InvalidAnnotation").get(0).getMessage()).contains("health.fulcrum.io/rise");
    assertThat(recorder.last.specs()).isEqualTo(before.specs());
    assertThat(recorder.last.services().get(new ServiceRef("default", "web")).healthCheck().type())
        .isEqualTo("http");
  }

  @Test
  void followerWritesNothingAndTheLeaderTakesOver() throws Exception {
    leadership.set(false);
    startSource();
    client.services().resource(lb("web", 80)).create();
    await()
        .atMost(WAIT)
        .until(
            () ->
                recorder.last != null
                    && recorder.last.services().containsKey(new ServiceRef("default", "web")));
    Thread.sleep(300);
    assertThat(ingress("web")).isEmpty();
    assertThat(conditions("web")).isEmpty();
    assertThat(recorder.last.specs()).isEmpty();
    leadership.set(true);
    awaitSpec(key("198.18.0.10", 80));
    await().atMost(WAIT).until(() -> !ingress("web").isEmpty());
  }

  @Test
  void restartKeepsEveryAddressWhereItWas() throws Exception {
    startSource();
    client.services().resource(lb("b", 80)).create();
    client.services().resource(lb("a", 81)).create();
    await().atMost(WAIT).until(() -> ingress("a").size() == 1 && ingress("b").size() == 1);
    var before = Map.copyOf(recorder.last.specs());
    source.close();
    // a new agent (new leader) with an empty allocation store
    TestPorts.Recorder second = new TestPorts.Recorder();
    source =
        new KubernetesSource(
            client,
            KubernetesSettings.defaults("node-a"),
            leadership,
            AllocationStore.inMemory(),
            second,
            Clock.systemUTC());
    source.start();
    assertThat(source.awaitSynced(WAIT)).isTrue();
    await().atMost(WAIT).until(() -> second.last != null && second.last.specs().size() == 2);
    assertThat(second.last.specs()).isEqualTo(before);
  }
}
