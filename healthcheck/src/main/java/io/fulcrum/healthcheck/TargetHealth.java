package io.fulcrum.healthcheck;

import java.util.function.LongSupplier;

/**
 * The health of one target (pure, confined to one thread): rise/fall state, last result, reason and
 * time of the last change, read from an injected nanosecond clock. {@link #status()} may be read
 * from any thread.
 */
public final class TargetHealth {
  private final TargetKey key;
  private final LongSupplier clock;
  private RiseFall machine;
  private volatile TargetStatus status;

  public TargetHealth(TargetKey key, int rise, int fall, LongSupplier clock) {
    this.key = key;
    this.clock = clock;
    this.machine = new RiseFall(rise, fall);
    long now = clock.getAsLong();
    this.status = new TargetStatus(HealthState.UNKNOWN, null, "not probed yet", now, 0, 0, now);
  }

  public TargetStatus status() {
    return status;
  }

  /** Records a probe result; returns the state change it caused, or null. */
  public TargetStateChanged record(ProbeResult r) {
    HealthState from = machine.state();
    boolean changed = machine.record(r.success());
    HealthState to = machine.state();
    long now = clock.getAsLong();
    TargetStatus prev = status;
    status =
        new TargetStatus(
            to,
            r,
            changed ? r.reason() : prev.reason(),
            changed ? now : prev.sinceNanos(),
            machine.consecutiveSuccesses(),
            machine.consecutiveFailures(),
            now);
    return changed ? new TargetStateChanged(key, from, to, r.reason(), now) : null;
  }

  /** True while a run of results may change the state (see {@link RiseFall#inTransition()}). */
  public boolean inTransition() {
    return machine.inTransition();
  }

  /** New thresholds: the state is kept, the run of equal results starts again. */
  public void reconfigure(int rise, int fall) {
    machine = new RiseFall(rise, fall, machine.state());
    TargetStatus s = status;
    status =
        new TargetStatus(
            s.state(), s.lastResult(), s.reason(), s.sinceNanos(), 0, 0, s.lastProbeNanos());
  }
}
