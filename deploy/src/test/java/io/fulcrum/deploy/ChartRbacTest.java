package io.fulcrum.deploy;

import static io.fulcrum.deploy.Chart.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

@SuppressWarnings({"unchecked", "rawtypes"})
class ChartRbacTest {

  /** Every (group, resource, verb) the ClusterRole grants, as "group/resource:verb". */
  private static Set<String> granted() {
    Map<String, Object> role = Chart.one(Chart.render(Chart.fullValues()), "ClusterRole");
    Set<String> out = new TreeSet<>();
    for (Map<String, Object> rule : (List<Map<String, Object>>) at(role, "rules")) {
      assertThat(rule).doesNotContainKeys("resourceNames", "nonResourceURLs");
      for (String g : (List<String>) rule.get("apiGroups")) {
        for (String r : (List<String>) rule.get("resources")) {
          for (String v : (List<String>) rule.get("verbs")) {
            out.add(g + "/" + r + ":" + v);
          }
        }
      }
    }
    return out;
  }

  @Test
  void clusterRoleGrantsExactlyWhatTheKubernetesModuleCalls() {
    // informers (list + watch) in KubernetesSource; editStatus (get of the Service, then a JSON
    // patch of its /status) and
    // events().create() in KubernetesStatusWriter. Nothing else: no write to Services or Nodes,
    // no leases (election is Raft, not the Kubernetes API).
    assertThat(granted())
        .containsExactlyInAnyOrder(
            "/services:get",
            "/services:list",
            "/services:watch",
            "/nodes:list",
            "/nodes:watch",
            "/namespaces:list",
            "/namespaces:watch",
            "discovery.k8s.io/endpointslices:list",
            "discovery.k8s.io/endpointslices:watch",
            "fulcrum.io/fulcrumippools:list",
            "fulcrum.io/fulcrumippools:watch",
            "/services/status:patch",
            "/events:create");
  }

  @Test
  void everyInformerOfTheKubernetesModuleIsGrantedListAndWatch() throws IOException {
    // the calls the code makes, read from its source: if a new informer appears, the role must too
    Path src = Chart.repoRoot().resolve("kubernetes/src/main/java/io/fulcrum/kubernetes");
    Pattern informer =
        Pattern.compile(
            "(services|endpointSlices|nodes|namespaces|resources\\(\\w+\\.class\\))\\(?\\)?[\\w().]*runnableInformer");
    Set<String> found = new TreeSet<>();
    try (Stream<Path> files = Files.walk(src)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        Matcher m = informer.matcher(Files.readString(f));
        while (m.find()) {
          found.add(m.group(1));
        }
      }
    }
    assertThat(found)
        .containsExactlyInAnyOrder(
            "services", "endpointSlices", "nodes", "namespaces", "resources(FulcrumIPPool.class)");
    assertThat(granted())
        .contains(
            "/services:watch",
            "discovery.k8s.io/endpointslices:watch",
            "/nodes:watch",
            "/namespaces:watch",
            "fulcrum.io/fulcrumippools:watch");
  }
}
