package io.fulcrum.healthcheck;

import java.util.random.RandomGenerator;

/**
 * When one target's probes run (pure, confined to the target's loop; times from the caller's
 * nanosecond clock). In the steady state a target probes at a fixed rate, every {@code interval} on
 * a grid from a random first phase ({@link ProbeSchedule}). While it is in transition (an UP target
 * that has failed, a DOWN target that has succeeded, see {@link RiseFall#inTransition()}) the probe
 * after a result is pulled in to {@code fastInterval} after the due time of the probe that gave it,
 * or at once when that is past (a probe that ran into its timeout): HAProxy's {@code fastinter},
 * except that the fast rate is counted from the probe's slot, not from its end, so a timed-out
 * probe costs no extra wait. Probes never overlap: the next one starts only after the previous
 * one's result. Once the transition ends (state changed, or the run broken) the grid of {@code
 * interval} resumes from the last slot.
 *
 * <p>Worst case from a break to DOWN: the first failing probe starts within {@code interval}, each
 * of the next {@code fall - 1} within {@code max(fastInterval, timeout)} of the previous one, and
 * the last fails at most {@code timeout} after it started: {@code interval + (fall - 1) ×
 * max(fastInterval, timeout) + timeout}, never more than {@code interval × fall + timeout}.
 */
final class TargetSchedule {
  private final long intervalNanos;
  private final long fastNanos;
  private long nextDue;
  private long probeDue;

  TargetSchedule(CheckSettings s) {
    this.intervalNanos = s.interval().toNanos();
    this.fastNanos = s.fastIntervalNanos();
  }

  /** Picks the first slot at a random phase within {@code jitter × interval}; returns it. */
  long first(long now, double jitter, RandomGenerator random) {
    nextDue = now + ProbeSchedule.firstDelayNanos(intervalNanos, jitter, random);
    return nextDue;
  }

  /** The slot the next probe is armed for. */
  long nextDue() {
    return nextDue;
  }

  /**
   * The armed slot has come: remembers it as the running probe's slot and moves to the next slot on
   * the grid (one interval later, missed slots skipped); returns that next slot.
   */
  long fired(long now) {
    probeDue = nextDue;
    nextDue = ProbeSchedule.nextDue(nextDue, now, intervalNanos);
    return nextDue;
  }

  /**
   * A probe's result is in. When the target is in transition and its fast slot ({@code
   * fastInterval} after the probe's slot, or now if that passed) is earlier than the armed slot,
   * the next probe moves there: returns true, and the caller re-arms at {@link #nextDue()}.
   */
  boolean resulted(long now, boolean inTransition) {
    if (!inTransition || fastNanos >= intervalNanos) {
      return false;
    }
    long fast = probeDue + fastNanos;
    if (fast - now < 0) {
      fast = now;
    }
    if (fast - nextDue >= 0) {
      return false;
    }
    nextDue = fast;
    return true;
  }
}
