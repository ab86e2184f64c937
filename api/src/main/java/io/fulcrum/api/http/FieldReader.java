package io.fulcrum.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.api.port.Violation;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads typed fields of one JSON object and records every rule broken (unknown fields, missing
 * values, wrong JSON types, out-of-range numbers), naming each field by its path.
 */
final class FieldReader {
  private final ObjectNode node;
  private final String prefix;
  private final List<Violation> out;

  /** Also reports every field of {@code node} not in {@code allowed}. */
  FieldReader(ObjectNode node, String prefix, List<Violation> out, Set<String> allowed) {
    this.node = node;
    this.prefix = prefix;
    this.out = out;
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!allowed.contains(f)) {
        out.add(
            new Violation(
                path(f),
                Rules.UNKNOWN_FIELD,
                "unknown field '" + path(f) + "'; allowed: " + allowed));
      }
    }
  }

  /** A body that must be a JSON object; reports a type violation (and returns null) otherwise. */
  static ObjectNode object(JsonNode n, String field, List<Violation> out) {
    if (n instanceof ObjectNode o) {
      return o;
    }
    out.add(
        new Violation(
            field.isEmpty() ? "$" : field,
            Rules.TYPE,
            (field.isEmpty() ? "the body" : field) + " must be a JSON object, was " + kind(n)));
    return null;
  }

  String path(String f) {
    return prefix.isEmpty() ? f : prefix + "." + f;
  }

  boolean has(String f) {
    return node.has(f);
  }

  /** The raw node, after presence and null checks; empty when absent (or reported). */
  private Optional<JsonNode> present(String f, boolean required, boolean nullable) {
    JsonNode n = node.get(f);
    if (n == null) {
      if (required) {
        out.add(new Violation(path(f), Rules.REQUIRED, path(f) + " is required"));
      }
      return Optional.empty();
    }
    if (n.isNull()) {
      if (!nullable) {
        out.add(new Violation(path(f), Rules.NOT_NULL, path(f) + " must not be null"));
      }
      return Optional.empty();
    }
    return Optional.of(n);
  }

  /** An integral number in [min, max]. */
  Optional<Long> integer(String f, boolean required, long min, long max) {
    Optional<JsonNode> p = present(f, required, false);
    if (p.isEmpty()) {
      return Optional.empty();
    }
    JsonNode n = p.get();
    if (!n.isIntegralNumber()) {
      if (n.isNumber() && n.decimalValue().stripTrailingZeros().scale() <= 0) {
        // 8080.0 is still refused: the API takes integers only
        out.add(new Violation(path(f), Rules.TYPE, path(f) + " must be an integer, was " + n));
      } else {
        out.add(
            new Violation(path(f), Rules.TYPE, path(f) + " must be an integer, was " + kind(n)));
      }
      return Optional.empty();
    }
    if (!n.canConvertToLong() || n.longValue() < min || n.longValue() > max) {
      out.add(
          new Violation(
              path(f),
              Rules.RANGE,
              path(f) + " must be between " + min + " and " + max + ", was " + n.asText()));
      return Optional.empty();
    }
    return Optional.of(n.longValue());
  }

  /** A string of at most {@code maxLength} characters. */
  Optional<String> string(String f, boolean required, int maxLength) {
    Optional<JsonNode> p = present(f, required, false);
    if (p.isEmpty()) {
      return Optional.empty();
    }
    JsonNode n = p.get();
    if (!n.isTextual()) {
      out.add(new Violation(path(f), Rules.TYPE, path(f) + " must be a string, was " + kind(n)));
      return Optional.empty();
    }
    if (n.textValue().length() > maxLength) {
      out.add(
          new Violation(
              path(f),
              Rules.MAX_LENGTH,
              path(f) + " must be at most " + maxLength + " characters"));
      return Optional.empty();
    }
    return Optional.of(n.textValue());
  }

  /** A string that {@code parse} maps to a value; reports an enum violation otherwise. */
  <T> Optional<T> oneOf(
      String f, boolean required, Function<String, Optional<T>> parse, List<String> allowed) {
    Optional<String> s = string(f, required, 64);
    if (s.isEmpty()) {
      return Optional.empty();
    }
    Optional<T> v = parse.apply(s.get());
    if (v.isEmpty()) {
      out.add(
          new Violation(
              path(f),
              Rules.ENUM,
              path(f) + " must be one of " + allowed + ", was '" + s.get() + "'"));
    }
    return v;
  }

  /** An array of at most {@code maxItems} elements. */
  Optional<List<JsonNode>> array(String f, boolean required, int maxItems) {
    Optional<JsonNode> p = present(f, required, false);
    if (p.isEmpty()) {
      return Optional.empty();
    }
    JsonNode n = p.get();
    if (!n.isArray()) {
      out.add(new Violation(path(f), Rules.TYPE, path(f) + " must be an array, was " + kind(n)));
      return Optional.empty();
    }
    if (n.size() > maxItems) {
      out.add(
          new Violation(
              path(f), Rules.MAX_ITEMS, path(f) + " must have at most " + maxItems + " items"));
      return Optional.empty();
    }
    List<JsonNode> items = new ArrayList<>();
    n.forEach(items::add);
    return Optional.of(items);
  }

  static String kind(JsonNode n) {
    if (n == null || n.isMissingNode()) {
      return "nothing";
    }
    return switch (n.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      case STRING -> "a string";
      case NUMBER -> n.isIntegralNumber() ? "an integer" : "a decimal number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    };
  }
}
