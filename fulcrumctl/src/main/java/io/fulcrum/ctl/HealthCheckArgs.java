package io.fulcrum.ctl;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns {@code key=value} words into a health-check patch. Durations take a unit ({@code 500ms},
 * {@code 2s}, {@code 1m}) or are milliseconds; {@code status=200-399} sets both status bounds.
 * Values are sent as typed JSON; the server does the range checks.
 */
final class HealthCheckArgs {
  private HealthCheckArgs() {}

  static final Map<String, String> KEYS =
      Map.ofEntries(
          Map.entry("type", "type"),
          Map.entry("interval", "intervalMillis"),
          Map.entry("intervalMillis", "intervalMillis"),
          Map.entry("timeout", "timeoutMillis"),
          Map.entry("timeoutMillis", "timeoutMillis"),
          Map.entry("rise", "rise"),
          Map.entry("fall", "fall"),
          Map.entry("port", "port"),
          Map.entry("path", "path"),
          Map.entry("statusMin", "statusMin"),
          Map.entry("statusMax", "statusMax"),
          Map.entry("status", "status"));

  static final String KEY_LIST =
      "type, interval, timeout, rise, fall, port, path, status (e.g. 200-399), statusMin, statusMax";

  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m)?");
  private static final Pattern RANGE = Pattern.compile("(\\d+)(?:-(\\d+))?");

  /**
   * @throws IllegalArgumentException naming the word that cannot be understood
   */
  static ObjectNode parse(List<String> words) {
    ObjectNode patch = JsonNodeFactory.instance.objectNode();
    for (String w : words) {
      int eq = w.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("'" + w + "' is not key=value; keys: " + KEY_LIST);
      }
      String key = w.substring(0, eq);
      String value = w.substring(eq + 1);
      String field = KEYS.get(key);
      if (field == null) {
        throw new IllegalArgumentException("unknown key '" + key + "'; keys: " + KEY_LIST);
      }
      switch (field) {
        case "type" -> patch.put("type", value.toLowerCase(Locale.ROOT));
        case "path" -> patch.put("path", value);
        case "intervalMillis", "timeoutMillis" -> patch.put(field, millis(key, value));
        case "status" -> {
          Matcher m = RANGE.matcher(value);
          if (!m.matches()) {
            throw new IllegalArgumentException(
                "status must be CODE or MIN-MAX, was '" + value + "'");
          }
          patch.put("statusMin", Long.parseLong(m.group(1)));
          patch.put("statusMax", Long.parseLong(m.group(2) != null ? m.group(2) : m.group(1)));
        }
        default -> patch.put(field, integer(key, value));
      }
    }
    if (patch.isEmpty()) {
      throw new IllegalArgumentException("give at least one key=value; keys: " + KEY_LIST);
    }
    return patch;
  }

  static long millis(String key, String value) {
    Matcher m = DURATION.matcher(value.strip());
    if (!m.matches() || m.group(1).length() > 12) {
      throw new IllegalArgumentException(
          key + " must be a duration such as 500ms, 2s or 1m, was '" + value + "'");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "ms" : m.group(2);
    return switch (unit) {
      case "s" -> n * 1000;
      case "m" -> n * 60_000;
      default -> n;
    };
  }

  private static long integer(String key, String value) {
    if (!value.matches("-?\\d{1,12}")) {
      throw new IllegalArgumentException(key + " must be an integer, was '" + value + "'");
    }
    return Long.parseLong(value);
  }
}
