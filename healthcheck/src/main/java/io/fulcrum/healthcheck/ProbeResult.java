package io.fulcrum.healthcheck;

/**
 * The outcome of one probe. {@code reason} is short and meant for logs and events: {@code "ok"},
 * {@code "timeout"}, {@code "refused"}, {@code "status 503"}, {@code "port unreachable"}, ...
 */
public record ProbeResult(boolean success, String reason, long durationNanos) {
  public static ProbeResult ok(long durationNanos) {
    return new ProbeResult(true, "ok", durationNanos);
  }

  public static ProbeResult failed(String reason, long durationNanos) {
    return new ProbeResult(false, reason, durationNanos);
  }
}
