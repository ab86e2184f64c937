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
    Duration timeout,
    Integer rise,
    Integer fall,
    Double jitter) {

  /** No override. */
  public static final CheckOverrides NONE =
      new CheckOverrides(null, null, null, null, null, null, null);
}
