package io.fulcrum.api.memory;

import io.fulcrum.api.port.AdminState;
import io.fulcrum.api.port.BackendControl;
import io.fulcrum.api.port.BackendDefinition;
import io.fulcrum.api.port.BackendStatus;
import io.fulcrum.api.port.Health;
import io.fulcrum.api.port.PortException;
import io.fulcrum.api.port.ProbeResult;
import io.fulcrum.api.port.RuntimeChange;
import io.fulcrum.api.port.RuntimeSettingsStore;
import io.fulcrum.api.port.RuntimeState;
import io.fulcrum.api.port.ServiceCatalog;
import io.fulcrum.api.port.ServiceEntry;
import io.fulcrum.api.port.TrafficCounters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Backends from a {@link ServiceCatalog}, admin states in a {@link RuntimeSettingsStore}, and what
 * the probes and the data plane observe handed in with {@link #recordProbe} and {@link
 * #setCounters}.
 */
public final class InMemoryBackendControl implements BackendControl {
  private record Observed(Health health, ProbeResult lastProbe, int successes, int failures) {}

  private final ServiceCatalog catalog;
  private final RuntimeSettingsStore store;
  private final Map<String, Observed> observed = new ConcurrentHashMap<>();
  private final Map<String, TrafficCounters> counters = new ConcurrentHashMap<>();

  public InMemoryBackendControl(ServiceCatalog catalog, RuntimeSettingsStore store) {
    this.catalog = catalog;
    this.store = store;
  }

  private static String key(String service, String backendId) {
    return service + "/" + backendId;
  }

  /** Records the outcome of a probe and the health it leads to. */
  public void recordProbe(String service, String backendId, Health health, ProbeResult result) {
    observed.compute(
        key(service, backendId),
        (k, o) -> {
          int s = o == null ? 0 : o.successes();
          int f = o == null ? 0 : o.failures();
          return new Observed(
              health,
              result,
              result != null && result.success() ? s + 1 : 0,
              result != null && !result.success() ? f + 1 : 0);
        });
  }

  /** Records a backend's traffic counters. */
  public void setCounters(String service, String backendId, TrafficCounters c) {
    counters.put(key(service, backendId), c);
  }

  @Override
  public List<BackendStatus> backends(String service) {
    ServiceEntry entry = requireService(service);
    RuntimeState rt = store.current();
    List<BackendStatus> out = new ArrayList<>();
    for (BackendDefinition b : entry.definition().backends()) {
      out.add(status(service, b, rt));
    }
    return out;
  }

  private BackendStatus status(String service, BackendDefinition b, RuntimeState rt) {
    String id = b.id();
    Observed o = observed.getOrDefault(key(service, id), new Observed(Health.UNKNOWN, null, 0, 0));
    return new BackendStatus(
        id,
        b.address(),
        b.port(),
        b.weight(),
        rt.adminState(service, id),
        o.health(),
        o.lastProbe(),
        o.successes(),
        o.failures(),
        counters.getOrDefault(key(service, id), TrafficCounters.ZERO));
  }

  @Override
  public BackendStatus setAdminState(String service, String backend, AdminState state) {
    BackendDefinition b = resolve(requireService(service), backend);
    RuntimeState rt = store.apply(new RuntimeChange.SetBackendAdmin(service, b.id(), state));
    return status(service, b, rt);
  }

  /** Finds a backend by id, or by bare address when only one backend has it. */
  public static BackendDefinition resolve(ServiceEntry entry, String backend) {
    List<BackendDefinition> byAddress = new ArrayList<>();
    for (BackendDefinition b : entry.definition().backends()) {
      if (b.id().equals(backend)) {
        return b;
      }
      if (b.address().equals(backend)) {
        byAddress.add(b);
      }
    }
    if (byAddress.size() == 1) {
      return byAddress.get(0);
    }
    if (byAddress.size() > 1) {
      throw PortException.notFound(
          "service '"
              + entry.name()
              + "' has "
              + byAddress.size()
              + " backends at "
              + backend
              + "; name one as address:port");
    }
    throw PortException.notFound("service '" + entry.name() + "' has no backend '" + backend + "'");
  }

  private ServiceEntry requireService(String service) {
    return catalog
        .get(service)
        .orElseThrow(() -> PortException.notFound("service '" + service + "' does not exist"));
  }
}
