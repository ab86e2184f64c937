package io.fulcrum.healthcheck.probe;

/**
 * Runs tasks at deadlines on one event loop, with no cancellation (a task checks whether it is
 * still wanted). The engine's timer wheel is one: a probe's timeout is an entry of the wheel that
 * already starts the probes, not a scheduled task of its own.
 */
@FunctionalInterface
public interface DeadlineTimer {
  /** Runs {@code task} on the loop at the first tick at or after {@code dueNanos}; on the loop. */
  void schedule(long dueNanos, Runnable task);
}
