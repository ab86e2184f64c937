package io.fulcrum.healthcheck;

import java.util.random.RandomGenerator;

/**
 * When probes run (pure). A target's first probe is at a random phase within {@code jitter ×
 * interval}, so thousands of targets added at once spread evenly over the interval; after that a
 * target probes at a fixed rate (every {@code interval} after its previous slot, not after its
 * previous probe ended), which keeps the detection time within {@code interval × fall + timeout}.
 * Slots missed while the engine was stalled are skipped, never run in a burst.
 */
public final class ProbeSchedule {
  private ProbeSchedule() {}

  /** Delay of a target's first probe: uniform in [0, jitter × interval). */
  public static long firstDelayNanos(long intervalNanos, double jitter, RandomGenerator random) {
    long span = (long) (intervalNanos * jitter);
    return span <= 0 ? 0 : random.nextLong(span);
  }

  /** The next slot after {@code previousDue} that is not in the past. */
  public static long nextDue(long previousDue, long nowNanos, long intervalNanos) {
    long next = previousDue + intervalNanos;
    if (next - nowNanos < 0) {
      long behind = nowNanos - next;
      next += (behind / intervalNanos + 1) * intervalNanos;
    }
    return next;
  }
}
