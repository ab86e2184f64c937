package io.fulcrum.deploy;

import static io.fulcrum.deploy.Chart.at;
import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.LintResult;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

@SuppressWarnings({"unchecked", "rawtypes"})
class ChartDaemonSetTest {

  private static Map<String, Object> agentContainer(List<Map<String, Object>> docs) {
    Map<String, Object> ds = Chart.one(docs, "DaemonSet");
    List<Map<String, Object>> containers = at(ds, "spec", "template", "spec", "containers");
    assertThat(containers).hasSize(1);
    return containers.get(0);
  }

  @Test
  void lintPassesStrict() {
    LintResult result = Chart.helm().lint().strict().call();
    assertThat(result.isFailed()).as("helm lint: %s", result.getMessages()).isFalse();
  }

  @Test
  void defaultAndFullValuesRenderTheSameKinds() {
    assertThat(Chart.render(null).stream().map(d -> d.get("kind")).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder(
            "ServiceAccount",
            "ClusterRole",
            "ClusterRoleBinding",
            "ConfigMap",
            "CustomResourceDefinition",
            "DaemonSet",
            "Service");
    assertThat(
            Chart.render(Chart.fullValues()).stream()
                .map(d -> d.get("kind"))
                .collect(Collectors.toSet()))
        .contains("ServiceMonitor", "DaemonSet", "ConfigMap", "ClusterRole");
  }

  @Test
  void capabilitiesAreOnlyThoseTheDataPlaneNeedsAndSysAdminOnlyWhenAsked() {
    Map<String, Object> sc = at(agentContainer(Chart.render(null)), "securityContext");
    assertThat(sc)
        .containsEntry("privileged", false)
        .containsEntry("allowPrivilegeEscalation", false);
    assertThat(Chart.<Object>at(sc, "capabilities", "drop")).isEqualTo(List.of("ALL"));
    assertThat((List<String>) at(sc, "capabilities", "add"))
        .containsExactlyInAnyOrder("BPF", "PERFMON", "NET_ADMIN", "NET_RAW");

    Map<String, Object> full =
        at(agentContainer(Chart.render(Chart.fullValues())), "securityContext");
    assertThat((List<String>) at(full, "capabilities", "add"))
        .containsExactlyInAnyOrder("BPF", "PERFMON", "NET_ADMIN", "NET_RAW", "SYS_ADMIN");
  }

  @Test
  void hostNetworkWithBpffsAndRaftDataFromTheHost() {
    List<Map<String, Object>> docs = Chart.render(Chart.fullValues());
    Map<String, Object> pod = at(Chart.one(docs, "DaemonSet"), "spec", "template", "spec");
    assertThat(pod).containsEntry("hostNetwork", true);
    Map<String, Map<String, Object>> volumes =
        ((List<Map<String, Object>>) at(pod, "volumes"))
            .stream().collect(Collectors.toMap(v -> (String) v.get("name"), v -> v));
    assertThat(Chart.<Object>at(volumes.get("bpffs"), "hostPath", "path")).isEqualTo("/sys/fs/bpf");
    assertThat(Chart.<Object>at(volumes.get("raft-data"), "hostPath", "path"))
        .isEqualTo("/srv/fulcrum/raft");
    assertThat(Chart.<Object>at(volumes.get("api-token"), "secret", "secretName"))
        .isEqualTo("fulcrum-api-token");
    Map<String, String> mounts =
        ((List<Map<String, Object>>) at(agentContainer(docs), "volumeMounts"))
            .stream()
                .collect(
                    Collectors.toMap(
                        m -> (String) m.get("name"), m -> (String) m.get("mountPath")));
    assertThat(mounts)
        .containsEntry("bpffs", "/sys/fs/bpf")
        .containsEntry("raft-data", "/srv/fulcrum/raft")
        .containsEntry("config", "/etc/fulcrum/config")
        .containsEntry("api-token", "/etc/fulcrum/api");
    assertThat((Map<String, Object>) pod.get("nodeSelector"))
        .containsEntry("node-role.fulcrum.io/lb", "true");
    assertThat((List<?>) pod.get("tolerations")).hasSize(1);
    assertThat((List<String>) at(agentContainer(docs), "args"))
        .containsExactly("run", "--config", "/etc/fulcrum/config/fulcrum.yaml");
  }

  @Test
  void probesHitHealthzAndReadyzOnTheApiPort() {
    Map<String, Object> c = agentContainer(Chart.render(null));
    assertThat(Chart.<Object>at(c, "livenessProbe", "httpGet", "path")).isEqualTo("/healthz");
    assertThat(Chart.<Object>at(c, "readinessProbe", "httpGet", "path")).isEqualTo("/readyz");
    assertThat(Chart.<Object>at(c, "livenessProbe", "httpGet", "port")).isEqualTo("api");
    Map<String, Integer> ports =
        ((List<Map<String, Object>>) at(c, "ports"))
            .stream()
                .collect(
                    Collectors.toMap(
                        p -> (String) p.get("name"), p -> (Integer) p.get("containerPort")));
    assertThat(ports).containsEntry("api", 7480).containsEntry("metrics", 9469);
  }
}
