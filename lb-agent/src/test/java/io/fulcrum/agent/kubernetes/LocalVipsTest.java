package io.fulcrum.agent.kubernetes;

import static io.fulcrum.agent.testing.Specs.ip;
import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.kubernetes.ServiceRef;
import io.fulcrum.kubernetes.desired.ServiceInfo;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LocalVipsTest {
  final Map<ServiceRef, ServiceInfo> services = new HashMap<>();

  void service(String name, String vip, boolean local, String... eligible) {
    ServiceRef ref = new ServiceRef("default", name);
    services.put(
        ref,
        new ServiceInfo(
            ref, "uid-" + name, List.of(ip(vip)), Set.of(), null, local, Set.of(eligible), null));
  }

  @Test
  void nodeWithAReadyLocalEndpointMayServeTheVip() {
    service("web", "198.18.100.1", true, "node-a", "node-b");
    service("dns", "198.18.100.2", true, "node-b");
    service("api", "198.18.100.3", false);
    LocalVips a = LocalVips.of(services, "node-a");
    assertThat(a.restricted()).containsExactlyInAnyOrder("198.18.100.1", "198.18.100.2");
    assertThat(a.servable()).containsExactly("198.18.100.1");
    assertThat(a.mayServe("198.18.100.1")).isTrue();
    assertThat(a.mayServe("198.18.100.2")).isFalse();
    assertThat(a.mayServe("198.18.100.3")).isTrue(); // Cluster policy: any node
    assertThat(LocalVips.of(services, "node-b").servable())
        .containsExactlyInAnyOrder("198.18.100.1", "198.18.100.2");
  }

  @Test
  void sharedVipNeedsALocalEndpointOfEveryNodeLocalServiceOnIt() {
    service("web", "198.18.100.1", true, "node-a");
    service("web-udp", "198.18.100.1", true, "node-b");
    service("web-admin", "198.18.100.1", false);
    assertThat(LocalVips.of(services, "node-a").restricted()).containsExactly("198.18.100.1");
    assertThat(LocalVips.of(services, "node-a").servable()).isEmpty();
    assertThat(LocalVips.of(services, "node-b").servable()).isEmpty();
  }

  @Test
  void noNodeLocalServiceRestrictsNothing() {
    service("api", "198.18.100.3", false);
    assertThat(LocalVips.of(services, "node-a")).isEqualTo(LocalVips.NONE);
  }

  @Test
  void feedKeepsTheLatestWithoutAnElection() {
    java.util.List<Set<String>> told = new java.util.ArrayList<>();
    LocalFeed feed = new LocalFeed("node-a", null, (r, s) -> told.add(r));
    service("web", "198.18.100.1", true, "node-b");
    feed.onDesired(
        new io.fulcrum.kubernetes.KubernetesDesired(
            Map.of(), services, Set.of(), Set.of(), Map.of(), 1));
    assertThat(feed.current().mayServe("198.18.100.1")).isFalse();
    assertThat(told).containsExactly(Set.of("198.18.100.1"));
  }
}
