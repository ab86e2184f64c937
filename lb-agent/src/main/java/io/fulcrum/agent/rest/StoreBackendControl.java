package io.fulcrum.agent.rest;

import io.fulcrum.agent.state.DesiredStateStore;
import io.fulcrum.api.port.AdminState;
import io.fulcrum.api.port.BackendControl;
import io.fulcrum.api.port.BackendDefinition;
import io.fulcrum.api.port.BackendStatus;
import io.fulcrum.api.port.Health;
import io.fulcrum.api.port.PortException;
import io.fulcrum.api.port.TrafficCounters;
import io.fulcrum.datapath.Backend;
import io.fulcrum.datapath.BackendState;
import io.fulcrum.datapath.ServiceKey;
import io.fulcrum.datapath.ServiceSpec;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Backends of the agent's services, with drain / disable / enable as operator overrides in the
 * desired-state store (DRAINING / DOWN; enable clears it). Health is DOWN when the effective state
 * is DOWN without an operator override, else UNKNOWN (probe details are not exposed yet); counters
 * are not read yet (zero).
 */
public final class StoreBackendControl implements BackendControl {
  private final DesiredStateStore store;
  private final StoreServiceCatalog catalog;

  public StoreBackendControl(DesiredStateStore store, StoreServiceCatalog catalog) {
    this.store = store;
    this.catalog = catalog;
  }

  @Override
  public List<BackendStatus> backends(String service) {
    ServiceKey key = catalog.key(service);
    ServiceSpec spec = store.spec(key);
    Map<InetSocketAddress, BackendState> admin = store.adminOverrides(key);
    List<BackendStatus> out = new ArrayList<>();
    for (Backend b : spec == null ? List.<Backend>of() : spec.backends()) {
      out.add(status(b, admin.get(new InetSocketAddress(b.address(), b.port()))));
    }
    return out;
  }

  @Override
  public BackendStatus setAdminState(String service, String backend, AdminState state) {
    ServiceKey key = catalog.key(service);
    ServiceSpec spec = store.spec(key);
    for (Backend b : spec == null ? List.<Backend>of() : spec.backends()) {
      String id = BackendDefinition.id(b.address().getHostAddress(), b.port());
      if (id.equals(backend)) {
        InetSocketAddress a = new InetSocketAddress(b.address(), b.port());
        store.overrideAdmin(key, a, overrideFor(state));
        return backends(service).stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
      }
    }
    throw PortException.notFound("service '" + service + "' has no backend " + backend);
  }

  static BackendState overrideFor(AdminState state) {
    return switch (state) {
      case ENABLED -> null;
      case DRAINING -> BackendState.DRAINING;
      case DISABLED -> BackendState.DOWN;
    };
  }

  private static BackendStatus status(Backend b, BackendState admin) {
    AdminState a =
        admin == null
            ? AdminState.ENABLED
            : admin == BackendState.DOWN ? AdminState.DISABLED : AdminState.DRAINING;
    Health h = admin == null && b.state() == BackendState.DOWN ? Health.DOWN : Health.UNKNOWN;
    return new BackendStatus(
        BackendDefinition.id(b.address().getHostAddress(), b.port()),
        b.address().getHostAddress(),
        b.port(),
        b.weight(),
        a,
        h,
        null,
        TrafficCounters.ZERO);
  }
}
