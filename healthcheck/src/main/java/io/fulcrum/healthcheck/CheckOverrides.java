package io.fulcrum.healthcheck;

import java.time.Duration;

/**
 * Per-backend overrides of a service's settings: each non-null field replaces the service's value.
 * Applied with {@link CheckSettings#with(CheckOverrides)}, which validates the result.
 */
public record CheckOverrides(
    CheckType type,
    Integer port,
    Duration interval,
    Duration fastInterval,
    Duration timeout,
    Integer rise,
    Integer fall,
    Double jitter) {

  /** No override. */
  public static final CheckOverrides NONE =
      new CheckOverrides(null, null, null, null, null, null, null, null);

  /** Overrides without {@code fastInterval} (the service's applies). */
  public CheckOverrides(
      CheckType type,
      Integer port,
      Duration interval,
      Duration timeout,
      Integer rise,
      Integer fall,
      Double jitter) {
    this(type, port, interval, null, timeout, rise, fall, jitter);
  }
}
