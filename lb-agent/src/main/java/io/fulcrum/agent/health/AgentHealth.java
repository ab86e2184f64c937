package io.fulcrum.agent.health;

import io.fulcrum.agent.config.Addresses;
import io.fulcrum.agent.config.HealthcheckSettings;
import io.fulcrum.agent.state.DesiredStateStore;
import io.fulcrum.api.port.HealthCheckSettings;
import io.fulcrum.datapath.Backend;
import io.fulcrum.datapath.BackendState;
import io.fulcrum.datapath.Datapath;
import io.fulcrum.datapath.ServiceKey;
import io.fulcrum.datapath.ServiceSpec;
import io.fulcrum.healthcheck.HealthCheckEngine;
import io.fulcrum.healthcheck.HealthState;
import io.fulcrum.healthcheck.InvalidSettingsException;
import io.fulcrum.healthcheck.ServiceHealthPolicy;
import io.fulcrum.healthcheck.TargetKey;
import io.fulcrum.healthcheck.TargetSpec;
import io.fulcrum.healthcheck.TargetStateChanged;
import io.fulcrum.healthcheck.TargetStatus;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects the health-check engine to the desired state. It registers one target per backend of
 * every service that has {@code healthcheck} settings (following the store: added, changed and
 * removed services and backends), and turns each state change into a backend-state override in the
 * {@link DesiredStateStore}: a DOWN backend is overridden DOWN, so the reconciler rebuilds only
 * that service's Maglev table. The service's {@link ServiceHealthPolicy} decides what happens to
 * the established flows of a backend gone down ({@code keep} or {@code flush}) and to new flows
 * when every backend is down ({@code drop}, or {@code fail_open}: all are used as if healthy).
 *
 * <p>Settings changed through the REST API ({@link #setRuntimeSettings}) replace the file's for
 * their service ({@link RuntimeChecks}); the probes of that service are re-registered at once, so
 * the change takes effect from the next probe.
 *
 * <p>Another source (the Kubernetes Services' annotations) may set checks per data-plane service
 * ({@link #setSourceChecks}); they stand over the file's and under the API's.
 *
 * <p>All work runs on one agent thread (the engine's listener only hands events over), so the state
 * here needs no locks.
 */
public final class AgentHealth implements DesiredStateStore.Listener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AgentHealth.class);

  private record Target(ServiceKey service, InetSocketAddress backend) {}

  private final HealthcheckSettings settings;
  private final DesiredStateStore store;
  private final Datapath datapath;
  private final HealthCheckEngine engine;
  private final Runnable awaitReconciled;
  private final ExecutorService executor =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "fulcrum-health");
            t.setDaemon(true);
            return t;
          });

  private final Map<TargetKey, Target> targets = new HashMap<>();
  private final Map<ServiceKey, Set<TargetKey>> byService = new HashMap<>();
  private final Map<ServiceKey, Set<InetSocketAddress>> down = new HashMap<>();
  private final Map<ServiceKey, ServiceHealthPolicy> policies = new HashMap<>();
  private Map<String, HealthCheckSettings> runtime = Map.of();
  private final Map<ServiceKey, SourceCheck> sourceChecks = new HashMap<>();

  /**
   * A check asked for by a source other than the configuration file, for one data-plane service
   * (e.g. a Kubernetes Service's {@code health.fulcrum.io/*} annotations).
   *
   * @param check the check; null means probing off (type {@code none})
   */
  public record SourceCheck(HealthcheckSettings.ServiceCheck check) {}

  /**
   * @param awaitReconciled waits until the data plane holds the latest desired state (before a
   *     flush, so that no new flow can still be given to the backend being flushed)
   */
  public AgentHealth(
      HealthcheckSettings settings,
      DesiredStateStore store,
      Datapath datapath,
      HealthCheckEngine engine,
      Runnable awaitReconciled) {
    this.settings = settings;
    this.store = store;
    this.datapath = datapath;
    this.engine = engine;
    this.awaitReconciled = awaitReconciled;
    engine.addListener(e -> executor.execute(() -> apply(e)));
  }

  /** Registers the targets of the given services (all of the store's at start). */
  @Override
  public void changed(Set<ServiceKey> keys) {
    executor.execute(() -> keys.forEach(this::sync));
  }

  /** Waits until every event handed over so far has been applied (tests). */
  public void awaitIdle() {
    try {
      executor.submit(() -> {}).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("health executor stuck", e);
    }
  }

  public HealthCheckEngine engine() {
    return engine;
  }

  /** The configuration file's checks. */
  public HealthcheckSettings fileSettings() {
    return settings;
  }

  /**
   * Sets the health-check settings changed through the REST API, by service name (replacing the
   * previous map; a service absent from it is probed as the file says). The services whose settings
   * changed are re-registered with the engine, which reschedules their probes now.
   */
  public void setRuntimeSettings(Map<String, HealthCheckSettings> byName) {
    Map<String, HealthCheckSettings> next = Map.copyOf(byName);
    executor.execute(
        () -> {
          Set<String> changed = new HashSet<>();
          for (String n : union(runtime.keySet(), next.keySet())) {
            if (!java.util.Objects.equals(runtime.get(n), next.get(n))) {
              changed.add(n);
            }
          }
          runtime = next;
          if (changed.isEmpty()) {
            return;
          }
          for (ServiceKey key : store.snapshot().services().keySet()) {
            if (changed.contains(store.name(key))) {
              sync(key);
            }
          }
        });
  }

  /**
   * Sets or removes the checks another source asks for, by data-plane service. They stand over the
   * file's check of that service and under the REST API's settings. The services whose check
   * changed are re-registered with the engine at once.
   *
   * @param put the checks to set (replacing the previous one of each key)
   * @param removed the keys that no longer have a source check (the file's applies again)
   */
  public void setSourceChecks(Map<ServiceKey, SourceCheck> put, Set<ServiceKey> removed) {
    Map<ServiceKey, SourceCheck> p = Map.copyOf(put);
    Set<ServiceKey> r = Set.copyOf(removed);
    executor.execute(
        () -> {
          Set<ServiceKey> changed = new HashSet<>();
          for (ServiceKey k : r) {
            if (!p.containsKey(k) && sourceChecks.remove(k) != null) {
              changed.add(k);
            }
          }
          p.forEach(
              (k, c) -> {
                if (!c.equals(sourceChecks.put(k, c))) {
                  changed.add(k);
                }
              });
          changed.forEach(this::sync);
        });
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> u = new HashSet<>(a);
    u.addAll(b);
    return u;
  }

  /** What the engine knows of one backend of a service, if it is probed. */
  public Optional<TargetStatus> status(String service, InetAddress address, int port) {
    return engine.status(new TargetKey(service, Addresses.hostPort(address, port)));
  }

  /**
   * The check in force for a service: the API's over a source's (annotations) over the file's; null
   * when not probed.
   */
  private HealthcheckSettings.ServiceCheck check(ServiceKey key, String name) {
    SourceCheck source = sourceChecks.get(key);
    HealthcheckSettings.ServiceCheck base =
        source != null ? source.check() : settings.services().get(name);
    try {
      return RuntimeChecks.effective(base, runtime.get(name));
    } catch (InvalidSettingsException e) {
      LOG.warn(
          "health {}: settings from the API refused ({}); the source's or file's apply",
          name,
          e.getMessage());
      return base;
    }
  }

  private void sync(ServiceKey key) {
    ServiceSpec spec = store.spec(key);
    String name = spec == null ? null : store.name(key);
    HealthcheckSettings.ServiceCheck check = name == null ? null : check(key, name);
    Map<TargetKey, TargetSpec> want = new HashMap<>();
    if (check != null) {
      policies.put(key, check.policy());
      for (Backend b : spec.backends()) {
        InetSocketAddress addr = new InetSocketAddress(b.address(), b.port());
        TargetKey tk = new TargetKey(name, Addresses.hostPort(b.address(), b.port()));
        want.put(tk, new TargetSpec(Addresses.text(b.address()), b.port(), check.forBackend(addr)));
        targets.put(tk, new Target(key, addr));
      }
    } else {
      policies.remove(key);
    }
    Set<TargetKey> had = byService.getOrDefault(key, Set.of());
    for (TargetKey tk : had) {
      if (!want.containsKey(tk)) {
        Target t = targets.remove(tk);
        engine.remove(tk);
        Set<InetSocketAddress> d = down.get(key);
        if (d != null && t != null && d.remove(t.backend()) && spec != null) {
          store.overrideBackend(key, t.backend(), null);
        }
      }
    }
    for (Map.Entry<TargetKey, TargetSpec> e : want.entrySet()) {
      try {
        engine.upsert(e.getKey(), e.getValue());
      } catch (InvalidSettingsException ex) {
        LOG.warn("health {}: not probed: {}", e.getKey(), ex.getMessage());
      }
    }
    if (want.isEmpty()) {
      byService.remove(key);
      down.remove(key);
    } else {
      byService.put(key, new HashSet<>(want.keySet()));
    }
  }

  private void apply(TargetStateChanged e) {
    Target t = targets.get(e.target());
    if (t == null || e.to() == HealthState.UNKNOWN) {
      return;
    }
    Set<InetSocketAddress> d = down.computeIfAbsent(t.service(), k -> new HashSet<>());
    boolean isDown = e.to() == HealthState.DOWN;
    if (isDown ? !d.add(t.backend()) : !d.remove(t.backend())) {
      return;
    }
    ServiceHealthPolicy policy = policies.getOrDefault(t.service(), ServiceHealthPolicy.DEFAULT);
    int total = byService.getOrDefault(t.service(), Set.of()).size();
    boolean failOpen =
        policy.allDown() == ServiceHealthPolicy.AllDown.FAIL_OPEN && d.size() >= total;
    String name = store.name(t.service());
    String backend = Addresses.hostPort(t.backend().getAddress(), t.backend().getPort());
    if (failOpen) {
      LOG.warn(
          "health {}: all {} backends down ({} {}: {}); fail open: every backend keeps new flows",
          name,
          total,
          backend,
          e.to(),
          e.reason());
      for (InetSocketAddress b : d) {
        store.overrideBackend(t.service(), b, null);
      }
      return;
    }
    if (isDown) {
      store.overrideBackend(t.service(), t.backend(), BackendState.DOWN);
      int flushed = 0;
      if (policy.downFlows() == ServiceHealthPolicy.DownFlows.FLUSH) {
        awaitReconciled.run();
        flushed = datapath.flushFlows(t.service(), t.backend());
      }
      LOG.info(
          "health {}: backend {} DOWN ({}); out of the Maglev table, established flows {}",
          name,
          backend,
          e.reason(),
          policy.downFlows() == ServiceHealthPolicy.DownFlows.FLUSH
              ? "flushed (" + flushed + ")"
              : "kept");
    } else {
      // leaving fail-open: the others still down get their override back
      for (InetSocketAddress b : d) {
        store.overrideBackend(t.service(), b, BackendState.DOWN);
      }
      store.overrideBackend(t.service(), t.backend(), null);
      LOG.info(
          "health {}: backend {} UP ({}); back in the Maglev table", name, backend, e.reason());
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
    engine.close();
  }
}
