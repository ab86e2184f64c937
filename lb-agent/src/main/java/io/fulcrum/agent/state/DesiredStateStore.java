package io.fulcrum.agent.state;

import io.fulcrum.agent.config.Addresses;
import io.fulcrum.agent.config.ServiceConfig;
import io.fulcrum.datapath.BackendState;
import io.fulcrum.datapath.ServiceKey;
import io.fulcrum.datapath.ServiceSpec;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Merges what every source (the config file now; REST and Kubernetes later) wants into one desired
 * state, and tells listeners which keys changed. A key claimed by two sources stays with the one
 * that claimed it first; the other claim is reported as a {@link Conflict}. Backend-state overrides
 * (health checks) are merged over the sources' specs with {@link BackendStateOverrides}.
 *
 * <p>Each operation costs in proportion to what it touches, not to the number of services, so one
 * backend change is as cheap with 10,000 services as with ten.
 */
public final class DesiredStateStore {

  /** Receives the keys whose effective spec changed (added, changed or removed). */
  public interface Listener {
    void changed(Set<ServiceKey> keys);
  }

  private record Claim(String name, ServiceSpec spec) {}

  /** Sources in the order they first published. */
  private final LinkedHashMap<String, Map<ServiceKey, Claim>> sources = new LinkedHashMap<>();

  private final Map<ServiceKey, String> owner = new HashMap<>();
  private final Map<ServiceKey, ServiceSpec> effective = new HashMap<>();
  private final Map<ServiceKey, String> names = new HashMap<>();
  private final Map<ServiceKey, Map<InetSocketAddress, BackendState>> overrides = new HashMap<>();

  /** Operator overrides by service name (they follow a service whose key changes). */
  private final Map<String, Map<InetSocketAddress, BackendState>> admin = new HashMap<>();

  private final Map<String, Set<ServiceKey>> keysByName = new HashMap<>();
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();

  public void addListener(Listener l) {
    listeners.add(l);
  }

  /** Replaces everything {@code source} wants. Returns the claims refused for conflicts. */
  public List<Conflict> replace(String source, List<ServiceConfig> services) {
    Set<ServiceKey> dirty;
    List<Conflict> conflicts;
    synchronized (this) {
      Map<ServiceKey, Claim> next = new HashMap<>();
      for (ServiceConfig s : services) {
        next.put(s.spec().key(), new Claim(s.name(), s.spec()));
      }
      Map<ServiceKey, Claim> prev = sources.put(source, next);
      Set<ServiceKey> touched = new HashSet<>(next.keySet());
      if (prev != null) {
        touched.addAll(prev.keySet());
      }
      conflicts = new ArrayList<>();
      dirty = recompute(touched, source, conflicts);
    }
    notifyListeners(dirty);
    return conflicts;
  }

  /** Adds or replaces one service of {@code source}; returns a conflict when it is refused. */
  public List<Conflict> put(String source, ServiceConfig service) {
    Set<ServiceKey> dirty;
    List<Conflict> conflicts = new ArrayList<>();
    synchronized (this) {
      ServiceKey key = service.spec().key();
      sources
          .computeIfAbsent(source, s -> new HashMap<>())
          .put(key, new Claim(service.name(), service.spec()));
      dirty = recompute(Set.of(key), source, conflicts);
    }
    notifyListeners(dirty);
    return conflicts;
  }

  /** Removes one service of {@code source} (no-op when it has none with that key). */
  public void remove(String source, ServiceKey key) {
    Set<ServiceKey> dirty;
    synchronized (this) {
      Map<ServiceKey, Claim> mine = sources.get(source);
      if (mine == null || mine.remove(key) == null) {
        return;
      }
      dirty = recompute(Set.of(key), source, new ArrayList<>());
    }
    notifyListeners(dirty);
  }

  /** Overrides the state of one backend of a service (health checks); null clears it. */
  public void overrideBackend(ServiceKey key, InetSocketAddress backend, BackendState state) {
    override(overrides, key, backend, state);
  }

  /**
   * Replaces the operator overrides (drain / disable through the API) of the service named {@code
   * name}, kept apart from the health checks' so neither clears the other; the stricter of the two
   * wins. They are kept by name, so they apply to whichever key the service has now or later. An
   * empty map clears them.
   */
  public void setAdminOverrides(String name, Map<InetSocketAddress, BackendState> overrides) {
    Set<ServiceKey> dirty;
    synchronized (this) {
      Map<InetSocketAddress, BackendState> next = Map.copyOf(overrides);
      if (next.isEmpty()) {
        admin.remove(name);
      } else {
        admin.put(name, next);
      }
      dirty =
          recompute(Set.copyOf(keysByName.getOrDefault(name, Set.of())), null, new ArrayList<>());
    }
    notifyListeners(dirty);
  }

  /** The operator overrides of one service. */
  public synchronized Map<InetSocketAddress, BackendState> adminOverrides(ServiceKey key) {
    String name = names.get(key);
    return name == null ? Map.of() : admin.getOrDefault(name, Map.of());
  }

  /** One service as the API lists it: its key, name, owning source and effective spec. */
  public record Entry(ServiceKey key, String name, String source, ServiceSpec spec) {}

  /** Every service with the source that owns it (consistent: taken under one lock). */
  public synchronized List<Entry> entries() {
    List<Entry> out = new ArrayList<>(effective.size());
    effective.forEach((k, spec) -> out.add(new Entry(k, names.get(k), owner.get(k), spec)));
    return out;
  }

  /** The source owning a key, or null. */
  public synchronized String owner(ServiceKey key) {
    return owner.get(key);
  }

  private void override(
      Map<ServiceKey, Map<InetSocketAddress, BackendState>> overrides,
      ServiceKey key,
      InetSocketAddress backend,
      BackendState state) {
    Set<ServiceKey> dirty;
    synchronized (this) {
      Map<InetSocketAddress, BackendState> o = overrides.computeIfAbsent(key, k -> new HashMap<>());
      if (state == null) {
        o.remove(backend);
        if (o.isEmpty()) {
          overrides.remove(key);
        }
      } else {
        o.put(backend, state);
      }
      dirty = recompute(Set.of(key), null, new ArrayList<>());
    }
    notifyListeners(dirty);
  }

  /** The effective spec of one key, or null when nothing wants it. */
  public synchronized ServiceSpec spec(ServiceKey key) {
    return effective.get(key);
  }

  /** The name of a service, or its key as text. */
  public synchronized String name(ServiceKey key) {
    return names.getOrDefault(key, Addresses.text(key));
  }

  /** An immutable snapshot of the merged desired state. */
  public synchronized DesiredState snapshot() {
    return new DesiredState(effective, names);
  }

  private Set<ServiceKey> recompute(
      Set<ServiceKey> touched, String actingSource, List<Conflict> conflicts) {
    Set<ServiceKey> dirty = new HashSet<>();
    for (ServiceKey key : touched) {
      String own = owner.get(key);
      if (own == null || !claims(own, key)) {
        own = null;
        for (Map.Entry<String, Map<ServiceKey, Claim>> e : sources.entrySet()) {
          if (e.getValue().containsKey(key)) {
            own = e.getKey();
            break;
          }
        }
      }
      if (own == null) {
        owner.remove(key);
        unindex(key, names.remove(key));
        if (effective.remove(key) != null) {
          dirty.add(key);
        }
        continue;
      }
      owner.put(key, own);
      Claim c = sources.get(own).get(key);
      if (actingSource != null && !actingSource.equals(own) && claims(actingSource, key)) {
        Claim refused = sources.get(actingSource).get(key);
        conflicts.add(new Conflict(key, actingSource, refused.name(), own, c.name()));
      }
      ServiceSpec spec =
          BackendStateOverrides.apply(
              BackendStateOverrides.apply(c.spec(), overrides.get(key)), admin.get(c.name()));
      String was = names.put(key, c.name());
      if (!c.name().equals(was)) {
        unindex(key, was);
        keysByName.computeIfAbsent(c.name(), n -> new HashSet<>()).add(key);
      }
      ServiceSpec old = effective.put(key, spec);
      if (!Objects.equals(old, spec)) {
        dirty.add(key);
      }
    }
    return dirty;
  }

  private void unindex(ServiceKey key, String name) {
    if (name == null) {
      return;
    }
    Set<ServiceKey> ks = keysByName.get(name);
    if (ks != null && ks.remove(key) && ks.isEmpty()) {
      keysByName.remove(name);
    }
  }

  private boolean claims(String source, ServiceKey key) {
    Map<ServiceKey, Claim> m = sources.get(source);
    return m != null && m.containsKey(key);
  }

  private void notifyListeners(Set<ServiceKey> dirty) {
    if (dirty.isEmpty()) {
      return;
    }
    Set<ServiceKey> keys = Set.copyOf(dirty);
    for (Listener l : listeners) {
      l.changed(keys);
    }
  }
}
