package io.fulcrum.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The Grafana dashboards under grafana/ and the queries their panels and variables run. */
final class Dashboards {
  static final ObjectMapper JSON = new ObjectMapper();

  record Query(String dashboard, String panel, String expr) {}

  private Dashboards() {}

  static List<Path> files() {
    try (Stream<Path> s = Files.list(Chart.repoRoot().resolve("grafana"))) {
      return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode read(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every panel target's expression of every dashboard. */
  static List<Query> panelQueries() {
    List<Query> out = new ArrayList<>();
    for (Path f : files()) {
      JsonNode d = read(f);
      for (JsonNode p : d.path("panels")) {
        for (JsonNode t : p.path("targets")) {
          out.add(
              new Query(
                  f.getFileName().toString(), p.path("title").asText(), t.path("expr").asText()));
        }
      }
    }
    return out;
  }

  /** Every query variable's {@code label_values(selector, label)}. */
  static List<Query> variableQueries() {
    List<Query> out = new ArrayList<>();
    for (Path f : files()) {
      for (JsonNode v : read(f).path("templating").path("list")) {
        if ("query".equals(v.path("type").asText())) {
          out.add(
              new Query(
                  f.getFileName().toString(),
                  v.path("name").asText(),
                  v.path("query").path("query").asText()));
        }
      }
    }
    return out;
  }

  /** Grafana's variables replaced the way Grafana would for one node (all) and one service. */
  static String substitute(String expr, String service) {
    return expr.replace("$node", ".*")
        .replace("$service", service)
        .replace("$__rate_interval", "15s")
        .replace("$__interval", "5s")
        .replace("$__range", "1m");
  }
}
