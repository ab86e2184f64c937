package io.fulcrum.api.port;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How one service's backends are probed. A change takes effect from the next probe.
 *
 * @param intervalMillis time between two probes of one backend, 100..3,600,000
 * @param timeoutMillis how long one probe may take, 10..60,000 and at most the interval
 * @param rise consecutive successes that bring a backend up, 1..100
 * @param fall consecutive failures that take a backend down, 1..100
 * @param port port to probe, 0 for the backend's own port
 * @param path request path of HTTP/HTTPS probes, starting with '/', at most 1024 visible ASCII
 *     characters
 * @param statusMin lowest HTTP status that passes, 100..599
 * @param statusMax highest HTTP status that passes, statusMin..599
 */
public record HealthCheckSettings(
    ProbeType type,
    long intervalMillis,
    long timeoutMillis,
    int rise,
    int fall,
    int port,
    String path,
    int statusMin,
    int statusMax) {

  public static final long MIN_INTERVAL_MILLIS = 100;
  public static final long MAX_INTERVAL_MILLIS = 3_600_000;
  public static final long MIN_TIMEOUT_MILLIS = 10;
  public static final long MAX_TIMEOUT_MILLIS = 60_000;
  public static final int MAX_RISE_FALL = 100;
  public static final int MAX_PATH_LENGTH = 1024;

  /** Settings of a service nobody tuned: TCP connect every 2 s, 1 s timeout, rise 2, fall 3. */
  public static final HealthCheckSettings DEFAULTS =
      new HealthCheckSettings(ProbeType.TCP, 2000, 1000, 2, 3, 0, "/", 200, 399);

  public HealthCheckSettings {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(path, "path");
  }

  /**
   * Entity tag of these values for HTTP {@code ETag} / {@code If-Match}: a quoted hash of the
   * values, the same on every node and JVM.
   */
  @com.fasterxml.jackson.annotation.JsonIgnore
  public String etag() {
    try {
      byte[] d =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return "\"" + java.util.HexFormat.of().formatHex(d, 0, 8) + "\"";
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }

  /** True when {@code ifMatch} (an If-Match value: {@code *} or a list of tags) matches these. */
  public boolean matches(String ifMatch) {
    if (ifMatch == null) {
      return true;
    }
    String tag = etag();
    for (String t : ifMatch.split(",")) {
      String s = t.strip();
      if (s.equals("*") || s.equals(tag)) {
        return true;
      }
    }
    return false;
  }

  /** Every rule these values break; empty when they are valid. */
  public List<Violation> violations() {
    List<Violation> v = new ArrayList<>();
    range(v, "intervalMillis", intervalMillis, MIN_INTERVAL_MILLIS, MAX_INTERVAL_MILLIS);
    range(v, "timeoutMillis", timeoutMillis, MIN_TIMEOUT_MILLIS, MAX_TIMEOUT_MILLIS);
    if (timeoutMillis > intervalMillis) {
      v.add(
          new Violation(
              "timeoutMillis",
              "not-above-interval",
              "timeoutMillis ("
                  + timeoutMillis
                  + ") must not exceed intervalMillis ("
                  + intervalMillis
                  + ")"));
    }
    range(v, "rise", rise, 1, MAX_RISE_FALL);
    range(v, "fall", fall, 1, MAX_RISE_FALL);
    range(v, "port", port, 0, 65535);
    if (path.isEmpty() || path.charAt(0) != '/') {
      v.add(new Violation("path", "pattern", "path must start with '/'"));
    } else if (path.length() > MAX_PATH_LENGTH) {
      v.add(
          new Violation(
              "path", "max-length", "path must be at most " + MAX_PATH_LENGTH + " characters"));
    } else if (!path.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      v.add(
          new Violation(
              "path", "pattern", "path must hold only visible ASCII characters (no spaces)"));
    }
    range(v, "statusMin", statusMin, 100, 599);
    range(v, "statusMax", statusMax, 100, 599);
    if (statusMin > statusMax) {
      v.add(
          new Violation(
              "statusMax",
              "not-below-min",
              "statusMax must be at least statusMin (" + statusMin + ")"));
    }
    return v;
  }

  private static void range(List<Violation> v, String field, long value, long min, long max) {
    if (value < min || value > max) {
      v.add(
          new Violation(
              field,
              "range",
              field + " must be between " + min + " and " + max + ", was " + value));
    }
  }
}
