package io.fulcrum.api.memory;

import io.fulcrum.api.port.PortException;
import io.fulcrum.api.port.RuntimeChange;
import io.fulcrum.api.port.RuntimeSettingsStore;
import io.fulcrum.api.port.ServiceCatalog;
import io.fulcrum.api.port.ServiceDefinition;
import io.fulcrum.api.port.ServiceEntry;
import io.fulcrum.api.port.Source;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Service catalog over a {@link RuntimeSettingsStore} (API-owned services) plus read-only services
 * that other sources (the config file, Kubernetes) hand in with {@link #replaceSource}.
 */
public final class InMemoryServiceCatalog implements ServiceCatalog {
  private final RuntimeSettingsStore store;
  private final Object lock = new Object();
  private final Map<Source, Map<String, ServiceDefinition>> external = new EnumMap<>(Source.class);

  public InMemoryServiceCatalog(RuntimeSettingsStore store) {
    this.store = store;
  }

  /** Replaces all services of a read-only source (file or Kubernetes). */
  public void replaceSource(Source source, Collection<ServiceDefinition> services) {
    if (source.writableOverApi()) {
      throw new IllegalArgumentException("API-owned services live in the runtime settings store");
    }
    TreeMap<String, ServiceDefinition> m = new TreeMap<>();
    services.forEach(s -> m.put(s.name(), s));
    synchronized (lock) {
      external.put(source, m);
    }
  }

  @Override
  public List<ServiceEntry> list() {
    List<ServiceEntry> out = new ArrayList<>();
    synchronized (lock) {
      external.forEach((src, m) -> m.values().forEach(d -> out.add(new ServiceEntry(d, src))));
    }
    store.current().services().values().forEach(d -> out.add(new ServiceEntry(d, Source.API)));
    out.sort(Comparator.comparing(ServiceEntry::name).thenComparing(ServiceEntry::source));
    return out;
  }

  @Override
  public Optional<ServiceEntry> get(String name) {
    Optional<ServiceEntry> ext = externalEntry(name);
    if (ext.isPresent()) {
      return ext;
    }
    return Optional.ofNullable(store.current().services().get(name))
        .map(d -> new ServiceEntry(d, Source.API));
  }

  private Optional<ServiceEntry> externalEntry(String name) {
    synchronized (lock) {
      for (Map.Entry<Source, Map<String, ServiceDefinition>> e : external.entrySet()) {
        ServiceDefinition d = e.getValue().get(name);
        if (d != null) {
          return Optional.of(new ServiceEntry(d, e.getKey()));
        }
      }
    }
    return Optional.empty();
  }

  @Override
  public ServiceEntry create(ServiceDefinition definition) {
    Optional<ServiceEntry> ext = externalEntry(definition.name());
    if (ext.isPresent()) {
      throw new PortException(
          PortException.Kind.ALREADY_EXISTS,
          "service '"
              + definition.name()
              + "' already exists and comes from "
              + ext.get().source().describe()
              + " ("
              + ext.get().source().wire()
              + ")");
    }
    store.apply(new RuntimeChange.CreateService(definition));
    return new ServiceEntry(definition, Source.API);
  }

  @Override
  public ServiceEntry replace(ServiceDefinition definition) {
    refuseExternal(definition.name());
    store.apply(new RuntimeChange.ReplaceService(definition));
    return new ServiceEntry(definition, Source.API);
  }

  @Override
  public void delete(String name) {
    refuseExternal(name);
    store.apply(new RuntimeChange.DeleteService(name));
  }

  private void refuseExternal(String name) {
    Optional<ServiceEntry> ext = externalEntry(name);
    if (ext.isPresent()) {
      throw PortException.readOnly(name, ext.get().source());
    }
  }
}
