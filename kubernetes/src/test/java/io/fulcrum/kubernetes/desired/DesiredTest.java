package io.fulcrum.kubernetes.desired;

import static io.fulcrum.kubernetes.Fixtures.ep;
import static io.fulcrum.kubernetes.Fixtures.lb;
import static io.fulcrum.kubernetes.Fixtures.node;
import static io.fulcrum.kubernetes.Fixtures.pool;
import static io.fulcrum.kubernetes.Fixtures.port;
import static io.fulcrum.kubernetes.Fixtures.ready;
import static io.fulcrum.kubernetes.Fixtures.slice;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fulcrum.datapath.Backend;
import io.fulcrum.datapath.BackendState;
import io.fulcrum.datapath.NatMode;
import io.fulcrum.datapath.ServiceSpec;
import io.fulcrum.kubernetes.Fixtures;
import io.fulcrum.kubernetes.KubernetesSettings;
import io.fulcrum.kubernetes.ServiceRef;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** desired(): data plane specs, endpoints, policies, annotations, pools. */
class DesiredTest extends DesiredFixture {
  @Test
  void fulcrumServiceGetsAnAddressSpecsStatusAndAnEvent() {
    services.add(lb("web", 80));
    slices.add(Fixtures.slice("web", 8080, "198.18.100.1", "198.18.100.2"));
    DesiredState d = run();
    ServiceSpec spec = d.specs().get(key("198.18.0.10", 80));
    assertThat(spec).isNotNull();
    assertThat(spec.mode()).isEqualTo(NatMode.FULL_NAT);
    assertThat(spec.affinityTimeout()).isEqualTo(Duration.ZERO);
    assertThat(spec.backends())
        .containsExactly(
            new Backend(ip("198.18.100.1"), 8080, 1, BackendState.UP),
            new Backend(ip("198.18.100.2"), 8080, 1, BackendState.UP));
    assertThat(d.statusPatches()).hasSize(1);
    StatusPatch p = d.statusPatches().get(0);
    assertThat(p.ingress())
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.getIp()).isEqualTo("198.18.0.10");
              assertThat(i.getIpMode()).isEqualTo("VIP");
            });
    assertThat(Conditions.find(p.conditions(), Annotations.CONDITION_ADDRESS).getStatus())
        .isEqualTo("True");
    assertThat(d.events()).extracting(EventSpec::reason).containsExactly("AddressAssigned");
    applyStatus(d);
    DesiredState again = run();
    assertThat(again.statusPatches()).isEmpty();
    assertThat(again.events()).isEmpty();
    assertThat(again.specs()).isEqualTo(d.specs());
  }

  @Test
  void onlyLoadBalancersOfOurClassAreTaken() {
    services.add(lb("ours", 80));
    services.add(
        new ServiceBuilder(lb("other", 80))
            .editSpec()
            .withLoadBalancerClass("example.com/lb")
            .endSpec()
            .build());
    services.add(
        new ServiceBuilder(lb("noclass", 80))
            .editSpec()
            .withLoadBalancerClass(null)
            .endSpec()
            .build());
    services.add(
        new ServiceBuilder(lb("clusterip", 80)).editSpec().withType("ClusterIP").endSpec().build());
    assertThat(run().services().keySet()).containsExactly(new ServiceRef("default", "ours"));
    DesiredState withNoClass =
        Desired.compute(
            new ClusterState(services, slices, nodes, pools, nsLabels),
            new KubernetesSettings(KubernetesSettings.DEFAULT_CLASS, true, "node-a"),
            pending,
            health,
            true,
            NOW);
    assertThat(withNoClass.services().keySet())
        .containsExactlyInAnyOrder(
            new ServiceRef("default", "ours"), new ServiceRef("default", "noclass"));
  }

  @Test
  void terminatingServingEndpointDrainsAndNotReadyIsLeftOut() {
    services.add(lb("web", 80));
    slices.add(
        slice(
            "default",
            "web",
            "web-1",
            "IPv4",
            "http",
            8080,
            ready("198.18.100.1", "node-a"),
            ep("198.18.100.2", "node-a", false, true, true),
            ep("198.18.100.3", "node-a", false, false, true),
            ep("198.18.100.4", "node-a", false, false, false)));
    List<Backend> b = run().specs().get(key("198.18.0.10", 80)).backends();
    assertThat(b)
        .containsExactly(
            new Backend(ip("198.18.100.1"), 8080, 1, BackendState.UP),
            new Backend(ip("198.18.100.2"), 8080, 1, BackendState.DRAINING));
  }

  @Test
  void portsAreResolvedByName() {
    services.add(lb("default", "multi", port("http", 80, "TCP"), port("admin", 81, "TCP")).build());
    EndpointSlice s =
        slice("default", "multi", "multi-1", "IPv4", "http", 8080, ready("198.18.100.1", "node-a"));
    s.getPorts()
        .add(
            new io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder()
                .withName("admin")
                .withPort(9090)
                .withProtocol("TCP")
                .build());
    slices.add(s);
    DesiredState d = run();
    assertThat(d.specs().get(key("198.18.0.10", 80)).backends().get(0).port()).isEqualTo(8080);
    assertThat(d.specs().get(key("198.18.0.10", 81)).backends().get(0).port()).isEqualTo(9090);
  }

  @Test
  void clientIpAffinityCarriesItsTimeout() {
    services.add(
        new ServiceBuilder(lb("sticky", 80))
            .editSpec()
            .withSessionAffinity("ClientIP")
            .withNewSessionAffinityConfig()
            .withNewClientIP(600)
            .endSessionAffinityConfig()
            .endSpec()
            .build());
    services.add(
        new ServiceBuilder(lb("sticky2", 81))
            .editSpec()
            .withSessionAffinity("ClientIP")
            .endSpec()
            .build());
    DesiredState d = run();
    assertThat(d.specs().get(key("198.18.0.10", 80)).affinityTimeout())
        .isEqualTo(Duration.ofSeconds(600));
    assertThat(d.specs().get(key("198.18.0.11", 81)).affinityTimeout())
        .isEqualTo(Duration.ofSeconds(10800));
  }

  @Test
  void localTrafficPolicyKeepsTheClientAndOnlyLocalEndpoints() {
    services.add(
        new ServiceBuilder(lb("local", 80))
            .editSpec()
            .withExternalTrafficPolicy("Local")
            .endSpec()
            .build());
    slices.add(
        slice(
            "default",
            "local",
            "local-1",
            "IPv4",
            "http",
            8080,
            ready("198.18.100.1", "node-a"),
            ready("198.18.100.2", "node-b"),
            ready("198.18.100.3", "node-c"),
            ep("198.18.100.4", "node-d", false, true, true)));
    nodes.addAll(
        List.of(
            node("node-a", true),
            node("node-b", true),
            node("node-c", false),
            node("node-d", true)));
    DesiredState d = run();
    ServiceSpec spec = d.specs().get(key("198.18.0.10", 80));
    assertThat(spec.mode()).isEqualTo(NatMode.DNAT);
    assertThat(spec.backends()).extracting(Backend::address).containsExactly(ip("198.18.100.1"));
    ServiceInfo info = d.services().get(new ServiceRef("default", "local"));
    assertThat(info.nodeLocal()).isTrue();
    assertThat(info.eligibleNodes()).containsExactlyInAnyOrder("node-a", "node-b");
  }

  @Test
  void healthAnnotationsAreParsedAndABadOneKeepsThePreviousSettings() {
    Map<String, String> good =
        Map.of(
            "health.fulcrum.io/type",
            "http",
            "health.fulcrum.io/interval",
            "2s",
            "health.fulcrum.io/path",
            "/healthz");
    services.add(
        new ServiceBuilder(lb("a", 80)).editMetadata().withAnnotations(good).endMetadata().build());
    DesiredState d = run();
    HealthCheckSettings hc = d.services().get(new ServiceRef("default", "a")).healthCheck();
    assertThat(hc.type()).isEqualTo("http");
    assertThat(hc.interval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(hc.path()).isEqualTo("/healthz");
    applyStatus(d);
    services.set(
        0,
        new ServiceBuilder(services.get(0))
            .editMetadata()
            .addToAnnotations("health.fulcrum.io/interval", "often")
            .endMetadata()
            .build());
    DesiredState bad = run();
    assertThat(bad.services().get(new ServiceRef("default", "a")).healthCheck()).isEqualTo(hc);
    assertThat(bad.events())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.reason()).isEqualTo("InvalidAnnotation");
              assertThat(e.message()).contains("health.fulcrum.io/interval");
            });
    assertThat(
            Conditions.find(
                    bad.statusPatches().get(0).conditions(), Annotations.CONDITION_ANNOTATIONS)
                .getStatus())
        .isEqualTo("False");
    // the data plane is untouched by the bad annotation
    assertThat(bad.specs()).isEqualTo(d.specs());
  }

  @Test
  void badAddressAnnotationKeepsTheAddressInForce() {
    services.add(lb("a", 80));
    applyStatus(run());
    services.set(
        0,
        new ServiceBuilder(services.get(0))
            .editMetadata()
            .addToAnnotations(Annotations.LOAD_BALANCER_IPS, "not-an-ip")
            .endMetadata()
            .build());
    DesiredState d = run();
    assertThat(d.services().get(new ServiceRef("default", "a")).addresses())
        .containsExactly(ip("198.18.0.10"));
    assertThat(d.events()).extracting(EventSpec::reason).containsExactly("InvalidAnnotation");
  }

  @Test
  void invalidPoolIsReportedAndIgnored() {
    pools.add(pool("broken", "198.18.0.1/24"));
    services.add(lb("a", 80));
    DesiredState d = run();
    assertThat(d.events())
        .filteredOn(e -> e.kind().equals("FulcrumIPPool"))
        .singleElement()
        .satisfies(e -> assertThat(e.message()).contains("host bits"));
    assertThat(d.services().get(new ServiceRef("default", "a")).addresses())
        .containsExactly(ip("198.18.0.10"));
  }

  @Test
  void namespaceSelectorRestrictsAPool() {
    pools.clear();
    pools.add(Fixtures.poolForNamespaces("prod", Map.of("env", "prod"), "198.18.9.0/24"));
    services.add(lb("a", 80));
    services.add(lb("prod", "b", port("http", 80, "TCP")).build());
    nsLabels.put("prod", Map.of("env", "prod"));
    DesiredState d = run();
    assertThat(d.services().get(new ServiceRef("default", "a")).addresses()).isEmpty();
    assertThat(d.services().get(new ServiceRef("prod", "b")).addresses())
        .containsExactly(ip("198.18.9.0"));
  }
}
