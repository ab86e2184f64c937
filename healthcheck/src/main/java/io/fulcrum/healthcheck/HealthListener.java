package io.fulcrum.healthcheck;

/**
 * Receives state changes. Called on an engine event-loop thread: return quickly and never block
 * (hand the event to your own executor when the work is slow).
 */
@FunctionalInterface
public interface HealthListener {
  void onStateChange(TargetStateChanged event);
}
