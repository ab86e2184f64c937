package io.fulcrum.kubernetes.desired;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses {@code health.fulcrum.io/*} annotations. Pure. */
public final class HealthAnnotations {
  private HealthAnnotations() {}

  static final Set<String> TYPES = Set.of("none", "ping", "tcp", "udp", "sctp", "http", "https");
  static final Set<String> KEYS =
      Set.of("type", "interval", "timeout", "rise", "fall", "port", "path", "expected-status");
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m)");
  private static final Pattern STATUS =
      Pattern.compile("[1-5]\\d\\d(-[1-5]\\d\\d)?(,[1-5]\\d\\d(-[1-5]\\d\\d)?)*");

  /** The outcome: settings (null when the Service has no health annotation), or errors. */
  public record Result(HealthCheckSettings settings, List<String> errors) {
    public boolean valid() {
      return errors.isEmpty();
    }
  }

  public static Result parse(Map<String, String> annotations) {
    Map<String, String> a = annotations == null ? Map.of() : annotations;
    List<String> errors = new ArrayList<>();
    boolean any = false;
    for (String k : a.keySet()) {
      if (k.startsWith(Annotations.HEALTH_PREFIX)) {
        any = true;
        String key = k.substring(Annotations.HEALTH_PREFIX.length());
        if (!KEYS.contains(key)) {
          errors.add("unknown annotation " + k);
        }
      }
    }
    if (!any) {
      return new Result(null, List.of());
    }
    String type = get(a, "type", "tcp").toLowerCase(Locale.ROOT);
    if (!TYPES.contains(type)) {
      errors.add(
          key("type")
              + ": unknown type '"
              + type
              + "' (one of "
              + String.join(", ", TYPES.stream().sorted().toList())
              + ")");
    }
    Duration interval = duration(a, "interval", HealthCheckSettings.DEFAULT_INTERVAL, errors);
    Duration timeout = duration(a, "timeout", HealthCheckSettings.DEFAULT_TIMEOUT, errors);
    if (timeout.compareTo(interval) > 0) {
      errors.add(key("timeout") + " must not exceed " + key("interval"));
    }
    int rise = integer(a, "rise", 2, 1, 100, errors);
    int fall = integer(a, "fall", 3, 1, 100, errors);
    int port = integer(a, "port", 0, 1, 65535, errors);
    String path = get(a, "path", "/");
    if (!path.startsWith("/")) {
      errors.add(key("path") + " must start with /");
    }
    String expected = get(a, "expected-status", "200-399");
    if (!STATUS.matcher(expected).matches()) {
      errors.add(key("expected-status") + ": '" + expected + "' is not like 200 or 200-399");
    }
    if (!errors.isEmpty()) {
      return new Result(null, List.copyOf(errors));
    }
    return new Result(
        new HealthCheckSettings(type, interval, timeout, rise, fall, port, path, expected),
        List.of());
  }

  private static String key(String k) {
    return Annotations.HEALTH_PREFIX + k;
  }

  private static String get(Map<String, String> a, String k, String dflt) {
    String v = a.get(key(k));
    return v == null ? dflt : v.trim();
  }

  private static Duration duration(
      Map<String, String> a, String k, Duration dflt, List<String> errors) {
    String v = a.get(key(k));
    if (v == null) {
      return dflt;
    }
    Matcher m = DURATION.matcher(v.trim());
    if (!m.matches()) {
      errors.add(key(k) + ": '" + v + "' is not a duration like 500ms, 5s or 1m");
      return dflt;
    }
    long n = Long.parseLong(m.group(1));
    Duration d =
        switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          default -> Duration.ofMinutes(n);
        };
    if (d.isZero()) {
      errors.add(key(k) + " must be positive");
      return dflt;
    }
    return d;
  }

  private static int integer(
      Map<String, String> a, String k, int dflt, int min, int max, List<String> errors) {
    String v = a.get(key(k));
    if (v == null) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n < min || n > max) {
        errors.add(key(k) + ": " + n + " is outside " + min + ".." + max);
        return dflt;
      }
      return n;
    } catch (NumberFormatException e) {
      errors.add(key(k) + ": '" + v + "' is not a number");
      return dflt;
    }
  }
}
