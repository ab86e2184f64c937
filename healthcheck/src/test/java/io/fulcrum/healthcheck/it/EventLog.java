package io.fulcrum.healthcheck.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.healthcheck.HealthListener;
import io.fulcrum.healthcheck.HealthState;
import io.fulcrum.healthcheck.TargetKey;
import io.fulcrum.healthcheck.TargetStateChanged;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Collects state changes and waits for the next one of a target, asserting detection time. */
public final class EventLog implements HealthListener {
  private final List<TargetStateChanged> events = new ArrayList<>();

  @Override
  public synchronized void onStateChange(TargetStateChanged e) {
    events.add(e);
    notifyAll();
  }

  /**
   * Waits for {@code target} to reach {@code to} (an event after {@code sinceNanos}) and asserts it
   * came within {@code bound} of {@code sinceNanos}. Waits up to 4 × bound so that a late event
   * fails with its measured time rather than a bare timeout.
   */
  public synchronized TargetStateChanged await(
      TargetKey target, HealthState to, long sinceNanos, Duration bound) {
    long waitUntil = sinceNanos + bound.toNanos() * 4 + TimeUnit.SECONDS.toNanos(1);
    while (true) {
      for (TargetStateChanged e : events) {
        if (e.target().equals(target) && e.to() == to && e.atNanos() >= sinceNanos) {
          long took = e.atNanos() - sinceNanos;
          assertThat(Duration.ofNanos(took))
              .as(
                  "%s -> %s (%s) detected after %d ms, bound %d ms",
                  target, to, e.reason(), took / 1_000_000, bound.toMillis())
              .isLessThanOrEqualTo(bound);
          return e;
        }
      }
      long left = waitUntil - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError(
            target
                + " never went "
                + to
                + " within "
                + (bound.toMillis() * 4 + 1000)
                + " ms; events: "
                + events);
      }
      try {
        TimeUnit.NANOSECONDS.timedWait(this, left);
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", ex);
      }
    }
  }

  /** Every event of a target so far. */
  public synchronized List<TargetStateChanged> of(TargetKey target) {
    List<TargetStateChanged> out = new ArrayList<>();
    for (TargetStateChanged e : events) {
      if (e.target().equals(target)) {
        out.add(e);
      }
    }
    return out;
  }
}
