package io.fulcrum.healthcheck;

/**
 * A target changed state. {@code reason} is the last probe's reason (e.g. {@code "timeout"}, {@code
 * "status 503"}, {@code "ok"}); {@code atNanos} is the engine clock (by default {@link
 * System#nanoTime()}) when the deciding probe finished.
 */
public record TargetStateChanged(
    TargetKey target, HealthState from, HealthState to, String reason, long atNanos) {

  /** True when the target became healthy. */
  public boolean up() {
    return to == HealthState.UP;
  }
}
