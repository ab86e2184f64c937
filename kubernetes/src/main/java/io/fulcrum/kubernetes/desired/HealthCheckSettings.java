package io.fulcrum.kubernetes.desired;

import java.time.Duration;
import java.util.Objects;

/**
 * Health-check settings of one Service, as read from its {@code health.fulcrum.io/*} annotations.
 * Neutral: the agent maps it onto its probe engine (and lets the REST API override it).
 *
 * @param type none, ping, tcp, udp, sctp, http or https
 * @param port probe port; 0 means each backend's own port
 * @param path HTTP(S) path
 * @param expectedStatus HTTP(S) status codes counted as healthy, e.g. "200-399"
 */
public record HealthCheckSettings(
    String type,
    Duration interval,
    Duration timeout,
    int rise,
    int fall,
    int port,
    String path,
    String expectedStatus) {
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

  public HealthCheckSettings {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(timeout, "timeout");
  }
}
