package io.fulcrum.healthcheck.probe;

/** Starts one kind of probe. Called on the target's event loop; must not block. */
@FunctionalInterface
public interface Prober {
  void start(ProbeAttempt attempt);
}
