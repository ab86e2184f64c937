package io.fulcrum.agent.rest;

import io.fulcrum.agent.config.Addresses;
import io.fulcrum.agent.state.DesiredStateStore;
import io.fulcrum.api.port.BackendDefinition;
import io.fulcrum.api.port.NatMode;
import io.fulcrum.api.port.PortException;
import io.fulcrum.api.port.Protocol;
import io.fulcrum.api.port.RuntimeChange;
import io.fulcrum.api.port.RuntimeSettingsStore;
import io.fulcrum.api.port.ServiceCatalog;
import io.fulcrum.api.port.ServiceDefinition;
import io.fulcrum.api.port.ServiceEntry;
import io.fulcrum.api.port.Source;
import io.fulcrum.api.port.Violation;
import io.fulcrum.datapath.Backend;
import io.fulcrum.datapath.ServiceKey;
import io.fulcrum.datapath.ServiceSpec;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The agent's services as the API sees them: every service of the desired-state store with the
 * source that owns it. Services of the configuration file and Kubernetes are read-only; services
 * created through the API live in the runtime settings store (persisted), which {@link
 * RuntimeProjection} publishes to the desired-state store as source {@value
 * RuntimeProjection#SOURCE}. A create or replace is refused before anything is stored when its name
 * or VIP/port/protocol is taken by another service, or when full NAT has no SNAT address of the
 * VIP's family.
 */
public final class StoreServiceCatalog implements ServiceCatalog {
  private final DesiredStateStore store;
  private final RuntimeSettingsStore runtime;
  private final List<InetAddress> snatAddresses;
  private final Object lock = new Object();

  public StoreServiceCatalog(
      DesiredStateStore store, RuntimeSettingsStore runtime, List<InetAddress> snatAddresses) {
    this.store = store;
    this.runtime = runtime;
    this.snatAddresses = List.copyOf(snatAddresses);
  }

  static Source source(String storeSource) {
    if (RuntimeProjection.SOURCE.equals(storeSource)) {
      return Source.API;
    }
    return "file".equals(storeSource) ? Source.FILE : Source.KUBERNETES;
  }

  @Override
  public List<ServiceEntry> list() {
    List<ServiceEntry> out = new ArrayList<>();
    for (DesiredStateStore.Entry e : store.entries()) {
      out.add(entry(e));
    }
    out.sort(Comparator.comparing(ServiceEntry::name).thenComparing(ServiceEntry::source));
    return out;
  }

  private ServiceEntry entry(DesiredStateStore.Entry e) {
    Source src = source(e.source());
    ServiceDefinition d = runtime.current().services().get(e.name());
    if (src != Source.API || d == null) {
      d = definition(e.name(), e.spec());
    }
    return new ServiceEntry(d, src);
  }

  @Override
  public Optional<ServiceEntry> get(String name) {
    return entryNamed(name).map(this::entry);
  }

  private Optional<DesiredStateStore.Entry> entryNamed(String name) {
    return store.entries().stream().filter(e -> e.name().equals(name)).findFirst();
  }

  /** The key of the service named {@code name}; not found otherwise. */
  ServiceKey key(String name) {
    return entryNamed(name)
        .map(DesiredStateStore.Entry::key)
        .orElseThrow(() -> PortException.notFound("service '" + name + "' does not exist"));
  }

  @Override
  public ServiceEntry create(ServiceDefinition d) {
    synchronized (lock) {
      Optional<DesiredStateStore.Entry> same = entryNamed(d.name());
      if (same.isPresent()) {
        Source src = source(same.get().source());
        throw new PortException(
            PortException.Kind.ALREADY_EXISTS,
            "service '"
                + d.name()
                + "' already exists and comes from "
                + src.describe()
                + " ("
                + src.wire()
                + ")");
      }
      check(d);
      runtime.apply(new RuntimeChange.CreateService(d));
      return new ServiceEntry(d, Source.API);
    }
  }

  @Override
  public ServiceEntry replace(ServiceDefinition d) {
    synchronized (lock) {
      refuseOthers(d.name());
      if (!runtime.current().services().containsKey(d.name())) {
        throw PortException.notFound("service '" + d.name() + "' does not exist");
      }
      check(d);
      runtime.apply(new RuntimeChange.ReplaceService(d));
      return new ServiceEntry(d, Source.API);
    }
  }

  @Override
  public void delete(String name) {
    synchronized (lock) {
      refuseOthers(name);
      runtime.apply(new RuntimeChange.DeleteService(name));
    }
  }

  private void refuseOthers(String name) {
    Optional<DesiredStateStore.Entry> e = entryNamed(name);
    if (e.isPresent() && source(e.get().source()) != Source.API) {
      throw PortException.readOnly(name, source(e.get().source()));
    }
  }

  /** Refuses a definition the data plane could not take, or whose key another service holds. */
  private void check(ServiceDefinition d) {
    ServiceKey key = RuntimeProjection.spec(d).key();
    for (DesiredStateStore.Entry e : store.entries()) {
      if (e.key().equals(key) && !(e.name().equals(d.name()) && source(e.source()) == Source.API)) {
        Source src = source(e.source());
        throw new PortException(
            PortException.Kind.ALREADY_EXISTS,
            Addresses.text(key)
                + " is already used by service '"
                + e.name()
                + "' from "
                + src.describe()
                + " ("
                + src.wire()
                + ")");
      }
    }
    if (d.mode() == NatMode.FULL_NAT) {
      boolean v4 = key.vip() instanceof Inet4Address;
      if (snatAddresses.stream().noneMatch(a -> (a instanceof Inet4Address) == v4)) {
        throw PortException.invalid(
            List.of(
                new Violation(
                    "mode",
                    "snat-address",
                    "fullnat needs an "
                        + (v4 ? "IPv4" : "IPv6")
                        + " address in the agent's dataplane.snatAddresses; use mode dnat")));
      }
    }
    int table = d.maglevTableSize();
    if (table != 0 && table < d.backends().size()) {
      throw PortException.invalid(
          List.of(
              new Violation(
                  "maglevTableSize",
                  "range",
                  "maglevTableSize must be at least the number of backends ("
                      + d.backends().size()
                      + ")")));
    }
  }

  static ServiceDefinition definition(String name, ServiceSpec spec) {
    List<BackendDefinition> backends = new ArrayList<>();
    for (Backend b : spec.backends()) {
      backends.add(new BackendDefinition(Addresses.text(b.address()), b.port(), b.weight()));
    }
    return new ServiceDefinition(
        name,
        Addresses.text(spec.key().vip()),
        spec.key().port(),
        Protocol.valueOf(spec.key().protocol().name()),
        spec.mode() == io.fulcrum.datapath.NatMode.FULL_NAT ? NatMode.FULL_NAT : NatMode.DNAT,
        (int) spec.affinityTimeout().toSeconds(),
        spec.maglevTableSize(),
        backends);
  }
}
