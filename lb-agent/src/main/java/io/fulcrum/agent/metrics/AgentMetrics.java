package io.fulcrum.agent.metrics;

import io.fulcrum.agent.reconcile.ReconcileReport;
import io.fulcrum.agent.reconcile.Reconciler;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The agent's Micrometer registry (Prometheus format): the JVM's own metrics, the reconciler's
 * (duration histogram and counts of changes), and the data plane's counters through {@link
 * DatapathCollector}. Every name starts with {@code fulcrum_} except the JVM binders' standard
 * names.
 */
public final class AgentMetrics implements Reconciler.Observer, AutoCloseable {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private final Timer reconcileDuration;
  private final Counter added;
  private final Counter changed;
  private final Counter removed;
  private final Counter failed;

  public AgentMetrics() {
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    reconcileDuration =
        Timer.builder("fulcrum.reconcile.duration")
            .description("Time of one reconcile pass (diff and apply)")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofNanos(10_000))
            .maximumExpectedValue(Duration.ofSeconds(30))
            .register(registry);
    added = changes("added");
    changed = changes("changed");
    removed = changes("removed");
    failed = changes("failed");
  }

  private Counter changes(String op) {
    return Counter.builder("fulcrum.reconcile.services")
        .description("Services the reconciler added, changed, removed or failed to program")
        .tag("op", op)
        .register(registry);
  }

  /** Adds the data plane's families to this registry. */
  public void bind(DatapathCollector collector) {
    registry.getPrometheusRegistry().register(collector);
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** The text exposition of every metric. */
  public String scrape() {
    return registry.scrape();
  }

  @Override
  public void reconciled(ReconcileReport r) {
    reconcileDuration.record(r.nanos(), TimeUnit.NANOSECONDS);
    added.increment(r.added());
    changed.increment(r.changed());
    removed.increment(r.removed());
    failed.increment(r.failed());
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
