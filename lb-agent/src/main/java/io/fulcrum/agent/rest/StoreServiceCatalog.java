package io.fulcrum.agent.rest;

import io.fulcrum.agent.state.DesiredState;
import io.fulcrum.agent.state.DesiredStateStore;
import io.fulcrum.api.port.BackendDefinition;
import io.fulcrum.api.port.NatMode;
import io.fulcrum.api.port.PortException;
import io.fulcrum.api.port.Protocol;
import io.fulcrum.api.port.ServiceCatalog;
import io.fulcrum.api.port.ServiceDefinition;
import io.fulcrum.api.port.ServiceEntry;
import io.fulcrum.api.port.Source;
import io.fulcrum.datapath.Backend;
import io.fulcrum.datapath.ServiceKey;
import io.fulcrum.datapath.ServiceSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The agent's services as the API sees them: every service of the desired-state store, read-only
 * (they come from the configuration file). API-owned services are not supported by the agent yet:
 * create / replace / delete answer read-only.
 */
public final class StoreServiceCatalog implements ServiceCatalog {
  private final DesiredStateStore store;

  public StoreServiceCatalog(DesiredStateStore store) {
    this.store = store;
  }

  @Override
  public List<ServiceEntry> list() {
    DesiredState s = store.snapshot();
    List<ServiceEntry> out = new ArrayList<>();
    for (Map.Entry<ServiceKey, ServiceSpec> e : s.services().entrySet()) {
      out.add(new ServiceEntry(definition(s.name(e.getKey()), e.getValue()), Source.FILE));
    }
    out.sort((a, b) -> a.name().compareTo(b.name()));
    return out;
  }

  @Override
  public Optional<ServiceEntry> get(String name) {
    return list().stream().filter(e -> e.name().equals(name)).findFirst();
  }

  /** The key of the service named {@code name}; not found otherwise. */
  ServiceKey key(String name) {
    DesiredState s = store.snapshot();
    for (ServiceKey k : s.services().keySet()) {
      if (s.name(k).equals(name)) {
        return k;
      }
    }
    throw PortException.notFound("no service named '" + name + "'");
  }

  @Override
  public ServiceEntry create(ServiceDefinition definition) {
    throw PortException.readOnly(definition.name(), Source.FILE);
  }

  @Override
  public ServiceEntry replace(ServiceDefinition definition) {
    throw PortException.readOnly(definition.name(), Source.FILE);
  }

  @Override
  public void delete(String name) {
    throw PortException.readOnly(name, Source.FILE);
  }

  static ServiceDefinition definition(String name, ServiceSpec spec) {
    List<BackendDefinition> backends = new ArrayList<>();
    for (Backend b : spec.backends()) {
      backends.add(new BackendDefinition(b.address().getHostAddress(), b.port(), b.weight()));
    }
    return new ServiceDefinition(
        name,
        spec.key().vip().getHostAddress(),
        spec.key().port(),
        Protocol.valueOf(spec.key().protocol().name()),
        spec.mode() == io.fulcrum.datapath.NatMode.FULL_NAT ? NatMode.FULL_NAT : NatMode.DNAT,
        spec.affinityTimeout() == null ? 0 : (int) spec.affinityTimeout().toSeconds(),
        spec.maglevTableSize(),
        backends);
  }
}
