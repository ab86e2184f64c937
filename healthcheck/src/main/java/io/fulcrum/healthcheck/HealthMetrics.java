package io.fulcrum.healthcheck;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The engine's meters: {@code fulcrum_healthcheck_up{service,backend}} (the probes' verdict: 1 up,
 * 0 down or unknown; the data plane's own view is the agent's {@code fulcrum_backend_up}), {@code
 * fulcrum_healthcheck_probe_duration_seconds{type,result}} (histogram), {@code
 * fulcrum_healthcheck_state_changes_total{service,to}} and {@code fulcrum_healthcheck_targets}.
 */
final class HealthMetrics {
  private final MeterRegistry registry;
  private final Map<CheckType, Timer> success = new EnumMap<>(CheckType.class);
  private final Map<CheckType, Timer> failure = new EnumMap<>(CheckType.class);

  HealthMetrics(MeterRegistry registry, AtomicInteger targets) {
    this.registry = registry;
    for (CheckType t : CheckType.values()) {
      success.put(t, timer(t, "success"));
      failure.put(t, timer(t, "failure"));
    }
    Gauge.builder("fulcrum.healthcheck.targets", targets, AtomicInteger::get)
        .description("Targets the health-check engine probes")
        .register(registry);
  }

  private Timer timer(CheckType t, String result) {
    return Timer.builder("fulcrum.healthcheck.probe.duration")
        .description("Duration of health-check probes")
        .tag("type", t.label())
        .tag("result", result)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofNanos(100_000))
        .maximumExpectedValue(Duration.ofSeconds(30))
        .register(registry);
  }

  void probe(CheckType type, ProbeResult r) {
    (r.success() ? success : failure).get(type).record(r.durationNanos(), TimeUnit.NANOSECONDS);
  }

  Gauge upGauge(TargetKey key, AtomicInteger value) {
    return Gauge.builder("fulcrum.healthcheck.up", value, AtomicInteger::get)
        .description("1 when the backend passes its health check, else 0")
        .tag("service", key.service())
        .tag("backend", key.backend())
        .strongReference(true)
        .register(registry);
  }

  void remove(Gauge g) {
    registry.remove(g);
  }

  void stateChange(TargetKey key, HealthState to) {
    Counter.builder("fulcrum.healthcheck.state.changes")
        .description("Backend health state changes")
        .tag("service", key.service())
        .tag("to", to.name().toLowerCase(java.util.Locale.ROOT))
        .register(registry)
        .increment();
  }
}
