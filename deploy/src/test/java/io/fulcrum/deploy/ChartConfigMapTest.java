package io.fulcrum.deploy;

import static io.fulcrum.deploy.Chart.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.agent.config.AgentConfig;
import io.fulcrum.agent.config.ConfigParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@SuppressWarnings({"unchecked", "rawtypes"})
class ChartConfigMapTest {

  /** The environment the DaemonSet gives each pod (FULCRUM_NODE_IP from status.hostIP). */
  private static String podEnv(String name) {
    return name.equals("FULCRUM_NODE_IP") ? "198.18.0.12" : System.getenv(name);
  }

  private static String renderedConfig(Path values) {
    return at(Chart.one(Chart.render(values), "ConfigMap"), "data", "fulcrum.yaml");
  }

  private static Map<String, Object> valuesConfig(Path values) throws Exception {
    return at(Chart.YAML.readValue(values.toFile(), Map.class), "config");
  }

  /** The same tree with the same number types (the parser keeps integers as longs). */
  private static Object norm(Object tree) throws Exception {
    return Chart.YAML.readValue(Chart.YAML.writeValueAsString(tree), Object.class);
  }

  private static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> over) {
    Map<String, Object> out = new java.util.LinkedHashMap<>(base);
    over.forEach(
        (k, v) ->
            out.merge(
                k,
                v,
                (a, b) ->
                    a instanceof Map && b instanceof Map
                        ? merge((Map<String, Object>) a, (Map<String, Object>) b)
                        : b));
    return out;
  }

  @Test
  void defaultConfigMapIsAcceptedByTheAgentsParser() throws Exception {
    AgentConfig cfg =
        ConfigParser.parse(
            renderedConfig(null).getBytes(StandardCharsets.UTF_8),
            "fulcrum.yaml",
            ChartConfigMapTest::podEnv);
    assertThat(cfg.dataplane().interfaces()).containsExactly("eth0");
    assertThat(cfg.services()).isEmpty();
    Map<String, Object> values = valuesConfig(Chart.dir().resolve("values.yaml"));
    for (String section : AgentConfig.RESERVED_SECTIONS) {
      assertThat(norm(cfg.reserved().get(section)))
          .as(section)
          .isEqualTo(norm(values.get(section)));
    }
  }

  @Test
  void fullConfigMapIsWhatTheAgentParses() throws Exception {
    String yaml = renderedConfig(Chart.fullValues());
    AgentConfig cfg =
        ConfigParser.parse(
            yaml.getBytes(StandardCharsets.UTF_8), "fulcrum.yaml", ChartConfigMapTest::podEnv);
    assertThat(cfg.election().nodeId()).isEqualTo("198.18.0.12:7481");
    assertThat(cfg.election().l2Interface()).isEqualTo("ens4");
    // Helm merges the given values over the chart's defaults, maps key by key
    Map<String, Object> values =
        merge(valuesConfig(Chart.dir().resolve("values.yaml")), valuesConfig(Chart.fullValues()));
    assertThat(norm(Chart.YAML.readValue(yaml, Map.class))).isEqualTo(norm(values));
    assertThat(cfg.dataplane().interfaces()).containsExactly("ens3", "ens4");
    assertThat(cfg.services()).extracting(s -> s.name()).containsExactly("dns");
    assertThat(cfg.metrics().listen().toString()).contains("9469");
    Map<String, Object> bgp = Chart.YAML.convertValue(cfg.reserved().get("bgp"), Map.class);
    assertThat((List<?>) bgp.get("peers")).hasSize(2);
    for (String section : AgentConfig.RESERVED_SECTIONS) {
      assertThat(norm(cfg.reserved().get(section)))
          .as(section)
          .isEqualTo(norm(values.get(section)));
    }
  }
}
