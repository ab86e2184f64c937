package io.fulcrum.healthcheck;

/**
 * The rise/fall state machine of one target (pure, not thread-safe). A new target is {@link
 * HealthState#UNKNOWN}; its first result decides UP or DOWN at once, so a freshly started agent
 * converges in one probe. After that an UP target goes DOWN after {@code fall} consecutive failures
 * and a DOWN target goes UP after {@code rise} consecutive successes.
 */
public final class RiseFall {
  private int rise;
  private int fall;
  private HealthState state = HealthState.UNKNOWN;
  private int successes;
  private int failures;

  public RiseFall(int rise, int fall) {
    this(rise, fall, HealthState.UNKNOWN);
  }

  /** A machine starting in {@code initial} with an empty run of results. */
  public RiseFall(int rise, int fall, HealthState initial) {
    reconfigure(rise, fall);
    this.state = initial;
  }

  /** Changes the thresholds, keeping the state and the current run of results. */
  public void reconfigure(int rise, int fall) {
    if (rise < 1 || fall < 1) {
      throw new InvalidSettingsException("rise and fall must be at least 1");
    }
    this.rise = rise;
    this.fall = fall;
  }

  /** Records one probe result; returns true when the state changed. */
  public boolean record(boolean success) {
    if (success) {
      successes++;
      failures = 0;
    } else {
      failures++;
      successes = 0;
    }
    HealthState next =
        switch (state) {
          case UNKNOWN -> success ? HealthState.UP : HealthState.DOWN;
          case UP -> failures >= fall ? HealthState.DOWN : HealthState.UP;
          case DOWN -> successes >= rise ? HealthState.UP : HealthState.DOWN;
        };
    if (next != state) {
      state = next;
      return true;
    }
    return false;
  }

  /**
   * True while the target is in transition: UP with a run of failures not yet {@code fall} long, or
   * DOWN with a run of successes not yet {@code rise} long (probed at the fast interval then).
   */
  public boolean inTransition() {
    return (state == HealthState.UP && failures > 0)
        || (state == HealthState.DOWN && successes > 0);
  }

  public HealthState state() {
    return state;
  }

  public int consecutiveSuccesses() {
    return successes;
  }

  public int consecutiveFailures() {
    return failures;
  }
}
