package io.fulcrum.agent.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import io.fulcrum.agent.config.KubernetesSection;
import io.fulcrum.kubernetes.KubernetesSettings;
import io.fulcrum.kubernetes.LeadershipView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentKubernetesTest {
  @TempDir Path dir;

  static KubernetesSection section(Path kubeconfig, String masterUrl, String nodeName) {
    return new KubernetesSection(
        true,
        kubeconfig,
        masterUrl,
        "example.com/edge",
        true,
        nodeName,
        List.of("web"),
        false,
        List.of(new KubernetesSection.PoolConfig("main", List.of("198.18.100.0/24"), false, true)));
  }

  @Test
  void sectionBecomesTheModulesSettings() {
    KubernetesSettings s = AgentKubernetes.settings(section(null, null, null), "node-a");
    assertThat(s.loadBalancerClass()).isEqualTo("example.com/edge");
    assertThat(s.handleServicesWithoutClass()).isTrue();
    assertThat(s.nodeName()).isEqualTo("node-a");
    assertThat(s.namespaces()).containsExactly("web");
    assertThat(s.watchPools()).isFalse();
    assertThat(s.staticPools())
        .containsExactly(
            new KubernetesSettings.StaticPool("main", List.of("198.18.100.0/24"), false, true));
  }

  @Test
  void configuredNodeNameWins() {
    assertThat(AgentKubernetes.nodeName(section(null, null, "node-b"))).isEqualTo("node-b");
    assertThat(AgentKubernetes.nodeName(section(null, null, null))).isNotBlank();
  }

  @Test
  void kubeconfigFileIsReadAndMasterUrlOverridesIt() throws Exception {
    Path kc = dir.resolve("kubeconfig");
    Files.writeString(
        kc,
        "apiVersion: v1\nkind: Config\n"
            + "clusters: [{name: c, cluster: {server: \"http://127.0.0.1:6443\"}}]\n"
            + "contexts: [{name: c, context: {cluster: c, user: u, namespace: web}}]\n"
            + "current-context: c\nusers: [{name: u, user: {token: secret}}]\n");
    Config fromFile = AgentKubernetes.clientConfig(section(kc, null, null));
    assertThat(fromFile.getMasterUrl()).startsWith("http://127.0.0.1:6443");
    assertThat(fromFile.getNamespace()).isEqualTo("web");
    Config overridden = AgentKubernetes.clientConfig(section(kc, "https://198.18.0.1:6443", null));
    assertThat(overridden.getMasterUrl()).startsWith("https://198.18.0.1:6443");
  }

  @Test
  void withoutElectionThisAgentAlwaysLeads() {
    LeadershipView v = ElectionLeadership.of(null);
    assertThat(v.isLeader()).isTrue();
    v.addListener(() -> {});
  }
}
