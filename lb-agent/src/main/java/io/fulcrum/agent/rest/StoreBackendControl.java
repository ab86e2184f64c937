package io.fulcrum.agent.rest;

import io.fulcrum.agent.config.Addresses;
import io.fulcrum.agent.health.AgentHealth;
import io.fulcrum.agent.state.DesiredStateStore;
import io.fulcrum.api.memory.InMemoryBackendControl;
import io.fulcrum.api.port.AdminState;
import io.fulcrum.api.port.BackendControl;
import io.fulcrum.api.port.BackendDefinition;
import io.fulcrum.api.port.BackendStatus;
import io.fulcrum.api.port.Health;
import io.fulcrum.api.port.ProbeResult;
import io.fulcrum.api.port.RuntimeChange;
import io.fulcrum.api.port.RuntimeSettingsStore;
import io.fulcrum.api.port.RuntimeState;
import io.fulcrum.api.port.ServiceEntry;
import io.fulcrum.api.port.TrafficCounters;
import io.fulcrum.datapath.Backend;
import io.fulcrum.datapath.BackendState;
import io.fulcrum.datapath.Counters;
import io.fulcrum.datapath.Datapath;
import io.fulcrum.datapath.ServiceKey;
import io.fulcrum.datapath.ServiceSpec;
import io.fulcrum.healthcheck.HealthState;
import io.fulcrum.healthcheck.TargetStatus;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Backends of the agent's services with what the node sees of them: the probes' state, last result
 * (time, reason, latency) and current run of results, and the data plane's per-backend counters.
 * Drain / disable / enable are admin states in the runtime settings store (persisted); {@link
 * RuntimeProjection} turns them into operator overrides of the desired-state store (DRAINING /
 * DOWN), so new flows stop at once and, for a drain, the established ones continue.
 */
public final class StoreBackendControl implements BackendControl {
  private final DesiredStateStore store;
  private final StoreServiceCatalog catalog;
  private final RuntimeSettingsStore runtime;
  private final AgentHealth health;
  private final Datapath datapath;
  private final Clock clock;
  private final LongSupplier nanos;

  /**
   * @param health the probes, or null when the agent runs none
   * @param nanos the probe engine's clock (to date its results)
   */
  public StoreBackendControl(
      DesiredStateStore store,
      StoreServiceCatalog catalog,
      RuntimeSettingsStore runtime,
      AgentHealth health,
      Datapath datapath,
      Clock clock,
      LongSupplier nanos) {
    this.store = store;
    this.catalog = catalog;
    this.runtime = runtime;
    this.health = health;
    this.datapath = datapath;
    this.clock = clock;
    this.nanos = nanos;
  }

  @Override
  public List<BackendStatus> backends(String service) {
    ServiceKey key = catalog.key(service);
    ServiceSpec spec = store.spec(key);
    RuntimeState rt = runtime.current();
    Map<InetSocketAddress, Counters> counters = datapath.backendCounters(key);
    List<BackendStatus> out = new ArrayList<>();
    for (Backend b : spec == null ? List.<Backend>of() : spec.backends()) {
      out.add(status(service, b, rt, counters));
    }
    return out;
  }

  @Override
  public BackendStatus setAdminState(String service, String backend, AdminState state) {
    ServiceEntry entry =
        catalog
            .get(service)
            .orElseThrow(
                () ->
                    io.fulcrum.api.port.PortException.notFound(
                        "service '" + service + "' does not exist"));
    BackendDefinition b = InMemoryBackendControl.resolve(entry, backend);
    runtime.apply(new RuntimeChange.SetBackendAdmin(service, b.id(), state));
    return backends(service).stream()
        .filter(s -> s.id().equals(b.id()))
        .findFirst()
        .orElseThrow(
            () ->
                io.fulcrum.api.port.PortException.notFound(
                    "service '" + service + "' has no backend '" + backend + "'"));
  }

  private BackendStatus status(
      String service, Backend b, RuntimeState rt, Map<InetSocketAddress, Counters> counters) {
    String address = Addresses.text(b.address());
    String id = BackendDefinition.id(address, b.port());
    Optional<TargetStatus> probed =
        health == null ? Optional.empty() : health.status(service, b.address(), b.port());
    Health h;
    ProbeResult last = null;
    int successes = 0;
    int failures = 0;
    if (probed.isPresent()) {
      TargetStatus t = probed.get();
      h = health(t.state());
      if (t.lastResult() != null) {
        last =
            new ProbeResult(
                at(t.lastProbeNanos()),
                t.lastResult().success(),
                t.lastResult().reason(),
                t.lastResult().durationNanos() / 1e6);
      }
      successes = t.consecutiveSuccesses();
      failures = t.consecutiveFailures();
    } else {
      AdminState a = rt.adminState(service, id);
      h = a == AdminState.ENABLED && b.state() == BackendState.DOWN ? Health.DOWN : Health.UNKNOWN;
    }
    Counters c = counters.getOrDefault(new InetSocketAddress(b.address(), b.port()), Counters.ZERO);
    return new BackendStatus(
        id,
        address,
        b.port(),
        b.weight(),
        rt.adminState(service, id),
        h,
        last,
        successes,
        failures,
        new TrafficCounters(c.packets(), c.bytes(), c.newFlows()));
  }

  private Instant at(long probeNanos) {
    return clock.instant().minusNanos(nanos.getAsLong() - probeNanos);
  }

  static Health health(HealthState s) {
    return switch (s) {
      case UP -> Health.UP;
      case DOWN -> Health.DOWN;
      case UNKNOWN -> Health.UNKNOWN;
    };
  }
}
