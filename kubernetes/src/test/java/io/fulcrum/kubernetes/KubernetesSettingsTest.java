package io.fulcrum.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.kubernetes.desired.ServiceFilter;
import io.fulcrum.kubernetes.pool.Pool;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KubernetesSettingsTest {

  @Test
  void namespaceFilterLeavesOtherNamespacesServicesAlone() {
    KubernetesSettings s =
        new KubernetesSettings(
            KubernetesSettings.DEFAULT_CLASS, false, "node-a", Set.of("web"), true, List.of());
    assertThat(
            ServiceFilter.isOurs(Fixtures.lb("web", "a", Fixtures.port("h", 80, "TCP")).build(), s))
        .isTrue();
    assertThat(
            ServiceFilter.isOurs(
                Fixtures.lb("shop", "a", Fixtures.port("h", 80, "TCP")).build(), s))
        .isFalse();
    assertThat(
            ServiceFilter.isOurs(
                Fixtures.lb("shop", "a", Fixtures.port("h", 80, "TCP")).build(),
                KubernetesSettings.defaults("node-a")))
        .isTrue();
  }

  @Test
  void staticPoolIsReadLikeTheCustomResource() {
    Pool p =
        Pool.from(
            new KubernetesSettings.StaticPool(
                    "main", List.of("198.18.100.0/30", "2001:db8::/126"), false, true)
                .toResource());
    assertThat(p.name()).isEqualTo("main");
    assertThat(p.ranges()).hasSize(2);
    assertThat(p.autoAssign()).isFalse();
    assertThat(p.avoidBuggyIps()).isTrue();
  }
}
