package io.fulcrum.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DashboardsTest {

  @Test
  void threeImportableDashboardsWithDataSourceNodeAndServiceVariables() {
    assertThat(Dashboards.files())
        .extracting(p -> p.getFileName().toString())
        .containsExactly(
            "fulcrum-control-plane.json", "fulcrum-overview.json", "fulcrum-service.json");
    Set<String> uids = new HashSet<>();
    for (Path f : Dashboards.files()) {
      JsonNode d = Dashboards.read(f);
      assertThat(uids.add(d.path("uid").asText())).as("unique uid %s", f).isTrue();
      assertThat(d.path("title").asText()).startsWith("Fulcrum / ");
      Set<String> vars = new HashSet<>();
      for (JsonNode v : d.path("templating").path("list")) {
        vars.add(v.path("name").asText() + ":" + v.path("type").asText());
      }
      assertThat(vars).contains("datasource:datasource", "node:query");
      String name = f.getFileName().toString();
      if (!name.contains("control-plane")) {
        assertThat(vars).contains("service:query");
      }
      Set<Integer> ids = new HashSet<>();
      for (JsonNode p : d.path("panels")) {
        assertThat(ids.add(p.path("id").asInt())).as("panel id in %s", f).isTrue();
        assertThat(p.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
        assertThat(p.path("targets").size()).as(p.path("title").asText()).isPositive();
      }
    }
  }

  @Test
  void everyPanelQueryNamesOnlyFulcrumJvmOrProcessMetricsAndFiltersByNode() {
    Pattern metric = Pattern.compile("\\b(fulcrum|jvm|process)_[a-z_]+");
    for (Dashboards.Query q : Dashboards.panelQueries()) {
      assertThat(metric.matcher(q.expr()).find()).as(q.toString()).isTrue();
      assertThat(q.expr()).as(q.toString()).contains("instance=~\"$node\"");
    }
  }
}
