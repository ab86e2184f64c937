package io.fulcrum.healthcheck;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How one target is probed. Build with {@link #builder()}: it starts from the documented defaults
 * (TCP, interval 2 s, timeout 1 s, rise 2, fall 3, jitter 1.0, HTTP {@code GET /} expecting {@code
 * 200-399}) and {@link Builder#build()} refuses bad values with one message listing every problem.
 * Settings that do not apply to the type (e.g. {@code path} for TCP) are ignored.
 *
 * @param port probe port; 0 means the backend's own port
 * @param fastInterval probe interval while a target is in transition (an UP target after a failure,
 *     until it is DOWN or UP again; a DOWN target after a success, until it is UP or DOWN again),
 *     HAProxy's {@code fastinter}; null means {@link #DEFAULT_FAST_INTERVAL_DIVISOR the default}; a
 *     value above {@code interval} acts as {@code interval} (see {@link #fastIntervalNanos()})
 * @param jitter fraction (0–1) of the interval across which a target's probe phase is chosen at
 *     random, so that many targets spread evenly; each target then probes at a fixed rate
 * @param send TCP: bytes sent after connect (UTF-8, may be empty); UDP: ignored (see payload)
 * @param expect TCP/UDP: the reply must start with these bytes (UTF-8); empty means any reply
 * @param payload UDP datagram sent (UTF-8)
 * @param expectReply UDP: silence is a failure (otherwise only ICMP port unreachable is)
 * @param host HTTP Host header; null means the target address and port
 * @param bodyContains HTTP: the body (first 64 KiB) must contain this; null means no check
 * @param caFile HTTPS with verification: PEM CA bundle; null means the JVM's default trust store
 * @param sni HTTPS server name sent in the handshake and verified; null means the Host header name
 */
public record CheckSettings(
    CheckType type,
    int port,
    Duration interval,
    Duration fastInterval,
    Duration timeout,
    int rise,
    int fall,
    double jitter,
    String send,
    String expect,
    String payload,
    boolean expectReply,
    String method,
    String path,
    String host,
    StatusRanges expectStatus,
    String bodyContains,
    boolean tlsVerify,
    Path caFile,
    String sni) {

  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(2);
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
  public static final int DEFAULT_RISE = 2;
  public static final int DEFAULT_FALL = 3;
  public static final double DEFAULT_JITTER = 1.0;
  public static final Duration MIN_INTERVAL = Duration.ofMillis(50);
  public static final Duration MAX_INTERVAL = Duration.ofHours(1);

  /**
   * An unset {@code fastInterval} is {@code interval / 4} (at least {@link #MIN_INTERVAL}, at most
   * {@code interval}): detection well under {@code interval × fall + timeout}, no extra probe in
   * the steady state.
   */
  public static final int DEFAULT_FAST_INTERVAL_DIVISOR = 4;

  /** A builder holding the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these settings, to change some of them. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.type = type;
    b.port = port;
    b.interval = interval;
    b.fastInterval = fastInterval;
    b.timeout = timeout;
    b.rise = rise;
    b.fall = fall;
    b.jitter = jitter;
    b.send = send;
    b.expect = expect;
    b.payload = payload;
    b.expectReply = expectReply;
    b.method = method;
    b.path = path;
    b.host = host;
    b.expectStatus = expectStatus;
    b.bodyContains = bodyContains;
    b.tlsVerify = tlsVerify;
    b.caFile = caFile;
    b.sni = sni;
    return b;
  }

  /** These settings with the per-backend overrides applied (and validated again). */
  public CheckSettings with(CheckOverrides o) {
    if (o == null) {
      return this;
    }
    Builder b = toBuilder();
    if (o.type() != null) {
      b.type(o.type());
    }
    if (o.port() != null) {
      b.port(o.port());
    }
    if (o.interval() != null) {
      b.interval(o.interval());
    }
    if (o.fastInterval() != null) {
      b.fastInterval(o.fastInterval());
    }
    if (o.timeout() != null) {
      b.timeout(o.timeout());
    }
    if (o.rise() != null) {
      b.rise(o.rise());
    }
    if (o.fall() != null) {
      b.fall(o.fall());
    }
    if (o.jitter() != null) {
      b.jitter(o.jitter());
    }
    return b.build();
  }

  /**
   * The probe interval in nanoseconds while a target is in transition: {@code fastInterval} if set,
   * else {@code interval / 4} (at least {@link #MIN_INTERVAL}); never above {@code interval}.
   */
  public long fastIntervalNanos() {
    long inter = interval.toNanos();
    long fast =
        fastInterval != null
            ? fastInterval.toNanos()
            : Math.max(inter / DEFAULT_FAST_INTERVAL_DIVISOR, MIN_INTERVAL.toNanos());
    return Math.min(fast, inter);
  }

  /**
   * Worst-case time to notice a failure: interval × fall + timeout. With a {@code fastInterval}
   * below the interval the schedule ({@link TargetSchedule}) stays within {@code interval + (fall -
   * 1) × max(fastInterval, timeout) + timeout}.
   */
  public Duration detectionBound() {
    return interval.multipliedBy(fall).plus(timeout);
  }

  /** Builds validated {@link CheckSettings}. */
  public static final class Builder {
    private CheckType type = CheckType.TCP;
    private int port;
    private Duration interval = DEFAULT_INTERVAL;
    private Duration fastInterval;
    private Duration timeout = DEFAULT_TIMEOUT;
    private int rise = DEFAULT_RISE;
    private int fall = DEFAULT_FALL;
    private double jitter = DEFAULT_JITTER;
    private String send = "";
    private String expect = "";
    private String payload = "fulcrum-healthcheck";
    private boolean expectReply;
    private String method = "GET";
    private String path = "/";
    private String host;
    private StatusRanges expectStatus = StatusRanges.parse("200-399");
    private String bodyContains;
    private boolean tlsVerify = true;
    private Path caFile;
    private String sni;

    private Builder() {}

    public Builder type(CheckType v) {
      type = v;
      return this;
    }

    public Builder port(int v) {
      port = v;
      return this;
    }

    public Builder interval(Duration v) {
      interval = v;
      return this;
    }

    /** The interval while in transition; null for the default ({@code interval / 4}). */
    public Builder fastInterval(Duration v) {
      fastInterval = v;
      return this;
    }

    public Builder timeout(Duration v) {
      timeout = v;
      return this;
    }

    public Builder rise(int v) {
      rise = v;
      return this;
    }

    public Builder fall(int v) {
      fall = v;
      return this;
    }

    public Builder jitter(double v) {
      jitter = v;
      return this;
    }

    public Builder send(String v) {
      send = v == null ? "" : v;
      return this;
    }

    public Builder expect(String v) {
      expect = v == null ? "" : v;
      return this;
    }

    public Builder payload(String v) {
      payload = v == null ? "" : v;
      return this;
    }

    public Builder expectReply(boolean v) {
      expectReply = v;
      return this;
    }

    public Builder method(String v) {
      method = v;
      return this;
    }

    public Builder path(String v) {
      path = v;
      return this;
    }

    public Builder host(String v) {
      host = v;
      return this;
    }

    public Builder expectStatus(String v) {
      expectStatus = StatusRanges.parse(v);
      return this;
    }

    public Builder bodyContains(String v) {
      bodyContains = v;
      return this;
    }

    public Builder tlsVerify(boolean v) {
      tlsVerify = v;
      return this;
    }

    public Builder caFile(Path v) {
      caFile = v;
      return this;
    }

    public Builder sni(String v) {
      sni = v;
      return this;
    }

    /** Validates and builds; every problem is listed in one {@link InvalidSettingsException}. */
    public CheckSettings build() {
      List<String> errors = new ArrayList<>();
      if (type == null) {
        errors.add("type is required");
      }
      if (port < 0 || port > 65535) {
        errors.add("port " + port + " out of range (0 = the backend's port, else 1-65535)");
      }
      if (interval == null
          || interval.compareTo(MIN_INTERVAL) < 0
          || interval.compareTo(MAX_INTERVAL) > 0) {
        errors.add("interval " + interval + " out of range (50ms to 1h)");
      }
      if (fastInterval != null
          && (fastInterval.compareTo(MIN_INTERVAL) < 0
              || fastInterval.compareTo(MAX_INTERVAL) > 0)) {
        errors.add("fastInterval " + fastInterval + " out of range (50ms to 1h)");
      }
      if (timeout == null || timeout.isNegative() || timeout.isZero()) {
        errors.add("timeout " + timeout + " must be positive");
      } else if (interval != null && timeout.compareTo(interval) > 0) {
        errors.add(
            "timeout "
                + timeout.toMillis()
                + "ms longer than interval "
                + interval.toMillis()
                + "ms (probes of one target must not overlap)");
      }
      if (rise < 1 || rise > 100) {
        errors.add("rise " + rise + " out of range (1-100)");
      }
      if (fall < 1 || fall > 100) {
        errors.add("fall " + fall + " out of range (1-100)");
      }
      if (!(jitter >= 0.0 && jitter <= 1.0)) {
        errors.add("jitter " + jitter + " out of range (0.0-1.0, a fraction of the interval)");
      }
      if (type == CheckType.HTTP || type == CheckType.HTTPS) {
        validateHttp(errors);
      }
      if (!errors.isEmpty()) {
        throw new InvalidSettingsException(
            "invalid health-check settings: " + String.join("; ", errors));
      }
      return new CheckSettings(
          type,
          port,
          interval,
          fastInterval,
          timeout,
          rise,
          fall,
          jitter,
          send,
          expect,
          payload,
          expectReply,
          method,
          path,
          host,
          expectStatus,
          bodyContains,
          tlsVerify,
          caFile,
          sni);
    }

    private void validateHttp(List<String> errors) {
      if (method == null || !method.matches("[A-Z]{1,16}")) {
        errors.add("method '" + method + "' is not an HTTP method (e.g. GET, HEAD)");
      }
      if (path == null || !path.startsWith("/") || !path.matches("\\p{Graph}+")) {
        errors.add("path '" + path + "' must start with '/' and hold no spaces or controls");
      }
      if (host != null && !host.matches("[A-Za-z0-9.:\\[\\]_-]+")) {
        errors.add("host header '" + host + "' is not a host name or address (with port)");
      }
      if (expectStatus == null) {
        errors.add("expected status is required");
      }
      if (type == CheckType.HTTPS) {
        if (sni != null && !sni.matches("[A-Za-z0-9.-]{1,253}")) {
          errors.add("sni '" + sni + "' is not a DNS name");
        }
        if (tlsVerify && caFile != null && !Files.isReadable(caFile)) {
          errors.add("CA file " + caFile + " is not readable");
        }
      }
    }
  }
}
