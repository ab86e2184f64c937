package io.fulcrum.deploy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The chart under charts/fulcrum rendered by helm-java's bundled Helm, as plain YAML trees. */
final class Chart {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final String RELEASE = "fulcrum";
  static final String NAMESPACE = "fulcrum-system";

  private Chart() {}

  /** The repository's root (the module runs from deploy/). */
  static Path repoRoot() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isDirectory(p.resolve("charts/fulcrum"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException(
          "charts/fulcrum not found above " + Path.of("").toAbsolutePath());
    }
    return p;
  }

  static Path dir() {
    return repoRoot().resolve("charts/fulcrum");
  }

  static Path fullValues() {
    return dir().resolve("ci/full-values.yaml");
  }

  static Helm helm() {
    return new Helm(dir());
  }

  /** Renders with the chart's defaults ({@code valuesFile} null) or with a values file. */
  static List<Map<String, Object>> render(Path valuesFile) {
    var cmd = helm().template().withName(RELEASE).withNamespace(NAMESPACE);
    if (valuesFile != null) {
      cmd = cmd.withValuesFile(valuesFile);
    }
    return parseAll(cmd.call());
  }

  static List<Map<String, Object>> parseAll(String yaml) {
    List<Map<String, Object>> docs = new ArrayList<>();
    try (MappingIterator<Map<String, Object>> it =
        YAML.readerFor(new TypeReference<Map<String, Object>>() {}).readValues(yaml)) {
      while (it.hasNext()) {
        Map<String, Object> doc = it.next();
        if (doc != null && !doc.isEmpty()) {
          docs.add(doc);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return docs;
  }

  static List<Map<String, Object>> ofKind(List<Map<String, Object>> docs, String kind) {
    return docs.stream().filter(d -> kind.equals(d.get("kind"))).toList();
  }

  static Map<String, Object> one(List<Map<String, Object>> docs, String kind) {
    List<Map<String, Object>> all = ofKind(docs, kind);
    if (all.size() != 1) {
      throw new AssertionError("expected one " + kind + ", found " + all.size());
    }
    return all.get(0);
  }

  /** Walks a path of map keys and list indexes: {@code at(doc, "spec", "template", 0)}. */
  @SuppressWarnings("unchecked")
  static <T> T at(Object node, Object... path) {
    Object cur = node;
    for (Object key : path) {
      if (cur == null) {
        throw new AssertionError("nothing at " + key + " of path " + List.of(path));
      }
      cur =
          key instanceof Integer i
              ? ((List<Object>) cur).get(i)
              : ((Map<String, Object>) cur).get(key);
    }
    return (T) cur;
  }
}
