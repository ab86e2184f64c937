package io.fulcrum.healthcheck;

/** Health of one target. A new target is UNKNOWN until its first probe result. */
public enum HealthState {
  UNKNOWN,
  UP,
  DOWN
}
