package io.fulcrum.healthcheck;

/**
 * What the engine knows of one target now: its state, the last probe result (null before the
 * first), the reason of the last state change and when it happened (engine clock, nanos), and the
 * current run of equal results, and when the last result came in (engine clock, nanos; equal to
 * {@code sinceNanos} before the first).
 */
public record TargetStatus(
    HealthState state,
    ProbeResult lastResult,
    String reason,
    long sinceNanos,
    int consecutiveSuccesses,
    int consecutiveFailures,
    long lastProbeNanos) {}
