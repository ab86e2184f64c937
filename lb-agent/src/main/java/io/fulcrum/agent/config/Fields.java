package io.fulcrum.agent.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed reading of {@link YNode}s that collects every problem (with its position and field path)
 * instead of stopping at the first. Pure: addresses are parsed as literals, never resolved.
 */
final class Fields {
  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

  private final String file;
  private final List<ConfigError> errors = new ArrayList<>();

  private java.util.function.UnaryOperator<String> env = System::getenv;

  /** The environment that {@code ${VAR}} references read (tests give their own). */
  Fields withEnv(java.util.function.UnaryOperator<String> env) {
    this.env = env;
    return this;
  }

  /** The value of environment variable {@code name}, or null. */
  String env(String name) {
    return env.apply(name);
  }

  Fields(String file) {
    this.file = file;
  }

  List<ConfigError> errors() {
    return errors;
  }

  void error(YNode.Pos pos, String field, String message) {
    errors.add(new ConfigError(file, pos.line(), pos.column(), field, message));
  }

  static String path(String parent, String key) {
    return parent.isEmpty() ? key : parent + "." + key;
  }

  /** The node as a mapping, or null (with an error) when it is something else. */
  YNode.Mapping mapping(YNode node, String field) {
    if (node instanceof YNode.Mapping m) {
      return m;
    }
    error(node.pos(), field, "must be a map, got " + node.describe());
    return null;
  }

  /** The node as a list, or null (with an error) when it is something else. */
  YNode.Sequence sequence(YNode node, String field) {
    if (node instanceof YNode.Sequence s) {
      return s;
    }
    error(node.pos(), field, "must be a list, got " + node.describe());
    return null;
  }

  /** Reports every key of {@code m} that is not in {@code allowed}. */
  void onlyKnown(YNode.Mapping m, String parent, Set<String> allowed) {
    for (YNode.Field f : m.fields().values()) {
      if (!allowed.contains(f.key())) {
        error(
            f.keyPos(),
            path(parent, f.key()),
            "unknown field '" + f.key() + "' (known: " + String.join(", ", sorted(allowed)) + ")");
      }
    }
  }

  /** The value of a key, or null when absent; a required absent key is an error at the map. */
  YNode value(YNode.Mapping m, String key, String parent, boolean required) {
    YNode.Field f = m.fields().get(key);
    if (f == null || isNull(f.value())) {
      if (required) {
        error(m.pos(), path(parent, key), "is required");
      }
      return null;
    }
    return f.value();
  }

  static boolean isNull(YNode n) {
    return n instanceof YNode.Scalar s && s.kind() == YNode.Kind.NULL;
  }

  String string(YNode.Mapping m, String key, String parent, boolean required, String dflt) {
    YNode n = value(m, key, parent, required);
    if (n == null) {
      return dflt;
    }
    if (n instanceof YNode.Scalar s && s.kind() == YNode.Kind.STRING) {
      if (s.text().isBlank()) {
        error(n.pos(), path(parent, key), "must not be empty");
        return null;
      }
      return s.text();
    }
    error(n.pos(), path(parent, key), "must be a string, got " + n.describe());
    return null;
  }

  /** A string that must be one of {@code choices} (case-insensitive); returned in lower case. */
  String choice(YNode.Mapping m, String key, String parent, List<String> choices, String dflt) {
    YNode n = value(m, key, parent, false);
    if (n == null) {
      return dflt;
    }
    if (n instanceof YNode.Scalar s
        && (s.kind() == YNode.Kind.STRING || s.kind() == YNode.Kind.BOOLEAN)) {
      String v = s.text().toLowerCase(Locale.ROOT);
      if (choices.contains(v)) {
        return v;
      }
      error(
          n.pos(),
          path(parent, key),
          "must be one of " + String.join(", ", choices) + "; was '" + s.text() + "'");
      return null;
    }
    error(
        n.pos(),
        path(parent, key),
        "must be one of " + String.join(", ", choices) + ", got " + n.describe());
    return null;
  }

  /** An integer in [min, max]; null (with an error) when wrong. */
  Integer integer(
      YNode.Mapping m,
      String key,
      String parent,
      boolean required,
      Integer dflt,
      long min,
      long max) {
    YNode n = value(m, key, parent, required);
    if (n == null) {
      return dflt;
    }
    // the field's path is only spelled out for a message: most values are fine
    if (n instanceof YNode.Scalar s && s.kind() == YNode.Kind.INTEGER && isPlainInt(s.text())) {
      long v = Long.parseLong(s.text());
      if (v >= min && v <= max) {
        return (int) v;
      }
    }
    return integer(n, path(parent, key), min, max);
  }

  /** Digits with an optional '-', short enough for a long. */
  private static boolean isPlainInt(String t) {
    int i = t.startsWith("-") ? 1 : 0;
    if (t.length() == i || t.length() - i > 18) {
      return false;
    }
    for (; i < t.length(); i++) {
      if (t.charAt(i) < '0' || t.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  Integer integer(YNode n, String field, long min, long max) {
    if (!(n instanceof YNode.Scalar s) || s.kind() != YNode.Kind.INTEGER) {
      error(n.pos(), field, "must be an integer, got " + n.describe());
      return null;
    }
    long v;
    try {
      String t = s.text().indexOf('_') < 0 ? s.text() : s.text().replace("_", "");
      v = Long.parseLong(t.startsWith("+") ? t.substring(1) : t);
    } catch (NumberFormatException e) {
      error(
          n.pos(),
          field,
          "must be an integer between " + min + " and " + max + ", was " + s.text());
      return null;
    }
    if (v < min || v > max) {
      error(n.pos(), field, "must be between " + min + " and " + max + ", was " + s.text());
      return null;
    }
    return (int) v;
  }

  Boolean bool(YNode.Mapping m, String key, String parent, boolean dflt) {
    YNode n = value(m, key, parent, false);
    if (n == null) {
      return dflt;
    }
    if (n instanceof YNode.Scalar s && s.kind() == YNode.Kind.BOOLEAN) {
      return Boolean.parseBoolean(s.text());
    }
    error(n.pos(), path(parent, key), "must be true or false, got " + n.describe());
    return null;
  }

  /** An IP address literal (IPv4 dotted quad or IPv6); never resolves names. */
  InetAddress address(YNode n, String field) {
    if (!(n instanceof YNode.Scalar s) || s.kind() != YNode.Kind.STRING) {
      error(n.pos(), field, "must be an IP address, got " + n.describe());
      return null;
    }
    InetAddress a = parseAddress(s.text());
    if (a == null) {
      error(n.pos(), field, "'" + s.text() + "' is not an IPv4 or IPv6 address");
    }
    return a;
  }

  /** Parses an address literal; null when it is not one. Never does a DNS lookup. */
  static InetAddress parseAddress(String text) {
    String t = text.trim();
    try {
      byte[] v4 = dottedQuad(t);
      if (v4 != null) {
        return InetAddress.getByAddress(v4);
      }
      if (t.contains(":") && !t.contains("%") && t.matches("[0-9a-fA-F:.]+")) {
        // a string with ':' is only ever parsed as an IPv6 literal by the JDK (no lookup)
        return InetAddress.getByName(t);
      }
    } catch (UnknownHostException e) {
      return null;
    }
    return null;
  }

  /**
   * The four bytes of a dotted-quad IPv4 literal (each part 0-255 in decimal without leading
   * zeros), or null when {@code t} is not one.
   */
  static byte[] dottedQuad(String t) {
    byte[] out = new byte[4];
    int part = 0;
    int i = 0;
    int len = t.length();
    while (true) {
      int start = i;
      int v = 0;
      while (i < len && i - start < 4 && t.charAt(i) >= '0' && t.charAt(i) <= '9') {
        v = v * 10 + (t.charAt(i) - '0');
        i++;
      }
      int digits = i - start;
      if (digits == 0 || digits > 3 || v > 255 || (digits > 1 && t.charAt(start) == '0')) {
        return null;
      }
      out[part++] = (byte) v;
      if (part == 4) {
        return i == len ? out : null;
      }
      if (i >= len || t.charAt(i) != '.') {
        return null;
      }
      i++;
    }
  }

  /** A duration written as 250ms, 30s, 5m, 1h or 1d, or an integer number of seconds. */
  Duration duration(
      YNode.Mapping m, String key, String parent, Duration dflt, Duration min, Duration max) {
    YNode n = value(m, key, parent, false);
    if (n == null) {
      return dflt;
    }
    String field = path(parent, key);
    Duration d = null;
    if (n instanceof YNode.Scalar s && s.kind() == YNode.Kind.INTEGER) {
      Integer secs = integer(n, field, 0, Integer.MAX_VALUE);
      if (secs == null) {
        return null;
      }
      d = Duration.ofSeconds(secs);
    } else if (n instanceof YNode.Scalar s && s.kind() == YNode.Kind.STRING) {
      Matcher mm = DURATION.matcher(s.text().trim());
      if (mm.matches()) {
        long v = Long.parseLong(mm.group(1));
        d =
            switch (mm.group(2)) {
              case "ms" -> Duration.ofMillis(v);
              case "s" -> Duration.ofSeconds(v);
              case "m" -> Duration.ofMinutes(v);
              case "h" -> Duration.ofHours(v);
              default -> Duration.ofDays(v);
            };
      }
    }
    if (d == null) {
      error(n.pos(), field, "must be a duration such as 30s, 5m or 1h, got " + n.describe());
      return null;
    }
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      error(
          n.pos(),
          field,
          "must be between " + human(min) + " and " + human(max) + ", was " + human(d));
      return null;
    }
    return d;
  }

  static String human(Duration d) {
    if (d.toMillis() % 1000 != 0) {
      return d.toMillis() + "ms";
    }
    return d.toSeconds() + "s";
  }

  /** Converts a subtree to plain Java values (for sections other modules interpret). */
  static Object plain(YNode n) {
    if (n instanceof YNode.Mapping m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.fields().forEach((k, f) -> out.put(k, plain(f.value())));
      return out;
    }
    if (n instanceof YNode.Sequence s) {
      List<Object> out = new ArrayList<>();
      s.items().forEach(i -> out.add(plain(i)));
      return out;
    }
    YNode.Scalar s = (YNode.Scalar) n;
    return switch (s.kind()) {
      case STRING -> s.text();
      case INTEGER -> parseLongOr(s.text());
      case FLOAT -> Double.parseDouble(s.text());
      case BOOLEAN -> Boolean.parseBoolean(s.text());
      case NULL -> null;
    };
  }

  private static Object parseLongOr(String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      return text;
    }
  }

  private static List<String> sorted(Set<String> s) {
    return s.stream().sorted().toList();
  }
}
