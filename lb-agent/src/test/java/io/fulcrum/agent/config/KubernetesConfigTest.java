package io.fulcrum.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class KubernetesConfigTest {
  static final String BASE = "dataplane: {interfaces: [eth0]}\n";

  static AgentConfig parse(String yaml) throws ConfigException {
    return ConfigParser.parse(yaml.getBytes(StandardCharsets.UTF_8), "t.yaml");
  }

  @Test
  void withoutSectionKubernetesIsDisabled() throws Exception {
    assertThat(parse(BASE).kubernetes()).isEqualTo(KubernetesSection.DISABLED);
  }

  @Test
  void sectionWithoutEnabledIsBoundButDisabled() throws Exception {
    KubernetesSection k =
        parse(BASE + "kubernetes:\n  loadBalancerClass: fulcrum.io/lb\n  pools: []\n").kubernetes();
    assertThat(k.enabled()).isFalse();
    assertThat(k.loadBalancerClass()).isEqualTo("fulcrum.io/lb");
    assertThat(k.poolResources()).isTrue();
    assertThat(k.pools()).isEmpty();
  }

  @Test
  void everyFieldIsBound() throws Exception {
    KubernetesSection k =
        parse(
                BASE
                    + "kubernetes:\n"
                    + "  enabled: true\n"
                    + "  kubeconfig: /etc/fulcrum/kubeconfig\n"
                    + "  masterUrl: https://10.0.0.1:6443\n"
                    + "  loadBalancerClass: example.com/edge\n"
                    + "  handleServicesWithoutClass: true\n"
                    + "  nodeName: node-a.example\n"
                    + "  namespaces: [web, shop]\n"
                    + "  poolResources: false\n"
                    + "  pools:\n"
                    + "    - {name: main, addresses: [198.18.100.0/24, \"2001:db8:100::/120\"]}\n"
                    + "    - name: manual\n"
                    + "      addresses: [198.18.101.10-198.18.101.20]\n"
                    + "      autoAssign: false\n"
                    + "      avoidBuggyIPs: true\n")
            .kubernetes();
    assertThat(k.enabled()).isTrue();
    assertThat(k.kubeconfig()).isEqualTo(Path.of("/etc/fulcrum/kubeconfig"));
    assertThat(k.masterUrl()).isEqualTo("https://10.0.0.1:6443");
    assertThat(k.loadBalancerClass()).isEqualTo("example.com/edge");
    assertThat(k.handleServicesWithoutClass()).isTrue();
    assertThat(k.nodeName()).isEqualTo("node-a.example");
    assertThat(k.namespaces()).containsExactly("web", "shop");
    assertThat(k.poolResources()).isFalse();
    assertThat(k.pools())
        .containsExactly(
            new KubernetesSection.PoolConfig(
                "main", java.util.List.of("198.18.100.0/24", "2001:db8:100::/120"), true, false),
            new KubernetesSection.PoolConfig(
                "manual", java.util.List.of("198.18.101.10-198.18.101.20"), false, true));
  }

  @Test
  void chartValuesParse() throws Exception {
    KubernetesSection k =
        parse(
                BASE
                    + "kubernetes:\n  loadBalancerClass: fulcrum.io/lb\n"
                    + "  handleServicesWithoutClass: false\n  pools:\n"
                    + "    - {name: main, addresses: [198.18.100.0/24, \"2001:db8:100::/120\"],"
                    + " autoAssign: true}\n")
            .kubernetes();
    assertThat(k.pools()).hasSize(1);
    assertThat(parse(BASE + "kubernetes: {pools: []}\n").reserved()).containsKey("kubernetes");
  }

  @Test
  void badValuesAreRefusedWithFileLineAndField() {
    assertThatThrownBy(
            () ->
                parse(
                    BASE
                        + "kubernetes:\n"
                        + "  enabled: yes please\n"
                        + "  masterUrl: 10.0.0.1:6443\n"
                        + "  loadBalancerClass: \"not a class\"\n"
                        + "  nodeName: Node_A\n"
                        + "  namespaces: [web, \"Bad NS\"]\n"
                        + "  bogus: 1\n"
                        + "  pools:\n"
                        + "    - {name: main, addresses: [198.18.100.1/24]}\n"
                        + "    - {name: main, addresses: []}\n"
                        + "    - {addresses: [nowhere], autoAssign: maybe}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("t.yaml:3")
        .hasMessageContaining("kubernetes.enabled: must be true or false")
        .hasMessageContaining("t.yaml:4")
        .hasMessageContaining("kubernetes.masterUrl")
        .hasMessageContaining("kubernetes.loadBalancerClass")
        .hasMessageContaining("kubernetes.nodeName")
        .hasMessageContaining("kubernetes.namespaces[1]")
        .hasMessageContaining("unknown field 'bogus'")
        .hasMessageContaining("kubernetes.pools[0].addresses[0]: invalid address range")
        .hasMessageContaining("host bits set")
        .hasMessageContaining("kubernetes.pools[1].name: duplicate pool 'main'")
        .hasMessageContaining("kubernetes.pools[1].addresses: must name at least one")
        .hasMessageContaining("kubernetes.pools[2].name: is required")
        .hasMessageContaining("kubernetes.pools[2].addresses[0]")
        .hasMessageContaining("kubernetes.pools[2].autoAssign: must be true or false");
  }
}
