package io.fulcrum.kubernetes;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fulcrum.datapath.ServiceKey;
import io.fulcrum.datapath.ServiceSpec;
import io.fulcrum.kubernetes.desired.AllocationPhase;
import io.fulcrum.kubernetes.desired.ClusterState;
import io.fulcrum.kubernetes.desired.EventSpec;
import io.fulcrum.kubernetes.desired.HealthCheckSettings;
import io.fulcrum.kubernetes.desired.ServiceDesired;
import io.fulcrum.kubernetes.desired.ServiceFilter;
import io.fulcrum.kubernetes.desired.ServiceInfo;
import io.fulcrum.kubernetes.desired.ServiceTranslator;
import io.fulcrum.kubernetes.desired.StatusPatch;
import io.fulcrum.kubernetes.pool.FulcrumIPPool;
import java.net.InetAddress;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The incremental form of {@link io.fulcrum.kubernetes.desired.Desired#compute}: the same two pure
 * steps, run only for what changed. Allocation runs over every Service when a Service's allocation
 * inputs, a pool, a namespace or the leadership change; translation runs per dirty Service, so one
 * EndpointSlice change costs one Service's translation. No I/O.
 */
final class SyncState {
  static final String BY_SERVICE = "service";

  /** What the informers hold. */
  record Cache(
      List<Service> services,
      Function<String, Service> byKey,
      Function<ServiceRef, List<EndpointSlice>> slicesOf,
      List<Node> nodes,
      List<FulcrumIPPool> pools,
      Map<String, Map<String, String>> namespaceLabels) {}

  /** The outcome of one pass: what to publish (null if nothing changed) and what to write. */
  record Pass(KubernetesDesired published, List<StatusPatch> patches, List<EventSpec> events) {}

  private final KubernetesSettings settings;
  private final AllocationStore store;
  private final Clock clock;
  private final Map<ServiceRef, String> fingerprints = new ConcurrentHashMap<>();
  private final Map<ServiceRef, List<InetAddress>> outcomeAddresses = new ConcurrentHashMap<>();
  private Map<ServiceRef, AllocationPhase.Outcome> outcomes = new HashMap<>();
  private final Map<ServiceRef, ServiceDesired> perService = new HashMap<>();
  // copy-on-write by shard: a publication after one change copies ~N/256 entries, not N
  private final ShardedMap.Builder<ServiceKey, ServiceSpec> specs = new ShardedMap.Builder<>();
  private final Map<ServiceKey, ServiceRef> owners = new HashMap<>();
  private final ShardedMap.Builder<ServiceRef, ServiceInfo> infos = new ShardedMap.Builder<>();
  private final Map<ServiceRef, HealthCheckSettings> health = new HashMap<>();
  private volatile KubernetesDesired current;
  private long generation;

  SyncState(KubernetesSettings settings, AllocationStore store, Clock clock) {
    this.settings = settings;
    this.store = store;
    this.clock = clock;
  }

  KubernetesDesired current() {
    return current;
  }

  /**
   * True when this version of a Service may change any allocation (called from informer threads).
   * Status writes that only confirm the addresses already given do not count.
   */
  boolean allocationInputChanged(ServiceRef ref, Service s) {
    String fp = fingerprint(s, outcomeAddresses.get(ref));
    String old = fingerprints.put(ref, fp);
    return !fp.equals(old);
  }

  /** A Service is gone: it changes the allocation of everyone else. */
  void forget(ServiceRef ref) {
    fingerprints.remove(ref);
  }

  private String fingerprint(Service s, List<InetAddress> given) {
    if (!ServiceFilter.isOurs(s, settings)) {
      return "not-ours";
    }
    StringBuilder b = new StringBuilder();
    var spec = s.getSpec();
    b.append(spec.getLoadBalancerIP()).append('|').append(spec.getIpFamilies()).append('|');
    b.append(spec.getIpFamilyPolicy()).append('|');
    for (ServicePort p : spec.getPorts() == null ? List.<ServicePort>of() : spec.getPorts()) {
      b.append(p.getPort()).append('/').append(p.getProtocol()).append(',');
    }
    b.append('|').append(new TreeMap<>(nullSafe(s.getMetadata().getLabels())));
    Map<String, String> ann = new TreeMap<>();
    nullSafe(s.getMetadata().getAnnotations())
        .forEach(
            (k, v) -> {
              if (k.startsWith("fulcrum.io/")) {
                ann.put(k, v);
              }
            });
    b.append('|').append(ann).append('|').append(s.getMetadata().getCreationTimestamp());
    List<InetAddress> status = AllocationPhase.statusAddresses(s);
    if (!status.isEmpty() && !status.equals(given)) {
      b.append('|').append(status);
    }
    return b.toString();
  }

  Pass pass(Cache cache, boolean leader, boolean alloc, boolean all, Set<ServiceRef> dirty) {
    String now =
        DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
    List<StatusPatch> patches = new ArrayList<>();
    List<EventSpec> events = new ArrayList<>();
    Set<ServiceRef> work = new HashSet<>(dirty);
    if (all) {
      for (Service s : cache.services()) {
        work.add(ServiceFilter.ref(s));
      }
      work.addAll(perService.keySet());
    }
    if (alloc) {
      List<Service> ours = new ArrayList<>();
      for (Service s : cache.services()) {
        if (ServiceFilter.isOurs(s, settings)) {
          ours.add(s);
        }
      }
      Map<ServiceRef, List<InetAddress>> pending = leader ? store.load() : Map.of();
      AllocationPhase.Result r =
          AllocationPhase.run(ours, cache.pools(), cache.namespaceLabels(), pending, leader);
      events.addAll(r.poolEvents());
      Set<ServiceRef> refs = new HashSet<>(outcomes.keySet());
      refs.addAll(r.outcomes().keySet());
      for (ServiceRef ref : refs) {
        if (!Objects.equals(outcomes.get(ref), r.outcomes().get(ref))) {
          work.add(ref);
        }
      }
      outcomes = r.outcomes();
      Map<ServiceRef, List<InetAddress>> allocations = new HashMap<>();
      outcomes.forEach(
          (ref, o) -> {
            if (!o.addresses().isEmpty()) {
              allocations.put(ref, o.addresses());
            }
          });
      outcomeAddresses.keySet().retainAll(allocations.keySet());
      outcomeAddresses.putAll(allocations);
      if (leader) {
        store.save(allocations);
      }
    }
    Set<String> readyNodes = ClusterState.readyNodes(cache.nodes());
    Set<ServiceKey> changed = new HashSet<>();
    Set<ServiceKey> removed = new HashSet<>();
    boolean infoChanged = false;
    for (ServiceRef ref : work) {
      Service s = cache.byKey().apply(ref.toString());
      ServiceDesired old = perService.get(ref);
      AllocationPhase.Outcome o = outcomes.get(ref);
      if (s == null || !ServiceFilter.isOurs(s, settings) || o == null) {
        if (old != null) {
          drop(ref, old, removed);
          infoChanged = true;
        }
        if (s != null && !ServiceFilter.isOurs(s, settings)) {
          StatusPatch p = ServiceTranslator.release(s);
          if (p != null) {
            patches.add(p);
          }
        }
        continue;
      }
      ServiceDesired d =
          ServiceTranslator.translate(
              s,
              nullSafe(cache.slicesOf().apply(ref)),
              o,
              readyNodes,
              settings,
              health.get(ref),
              now);
      if (old != null) {
        for (ServiceKey k : old.specs().keySet()) {
          if (!d.specs().containsKey(k) && ref.equals(owners.get(k))) {
            specs.remove(k);
            owners.remove(k);
            removed.add(k);
          }
        }
      }
      for (var e : d.specs().entrySet()) {
        if (!e.getValue().equals(specs.get(e.getKey()))) {
          changed.add(e.getKey());
        }
        specs.put(e.getKey(), e.getValue());
        owners.put(e.getKey(), ref);
      }
      if (!d.info().equals(infos.get(ref))) {
        infoChanged = true;
      }
      perService.put(ref, d);
      infos.put(ref, d.info());
      if (d.info().healthCheck() != null) {
        health.put(ref, d.info().healthCheck());
      } else {
        health.remove(ref);
      }
      if (d.status() != null) {
        patches.add(d.status());
      }
      events.addAll(d.events());
    }
    removed.removeIf(specs::containsKey);
    KubernetesDesired published = null;
    if (current == null || !changed.isEmpty() || !removed.isEmpty() || infoChanged) {
      Map<ServiceKey, ServiceRef> changedOwners = new HashMap<>();
      for (ServiceKey k : changed) {
        ServiceRef o = owners.get(k);
        if (o != null) {
          changedOwners.put(k, o);
        }
      }
      published =
          new KubernetesDesired(
              specs.snapshot(), infos.snapshot(), changed, removed, changedOwners, ++generation);
      current = published;
    }
    return new Pass(published, patches, events);
  }

  private void drop(ServiceRef ref, ServiceDesired old, Set<ServiceKey> removed) {
    for (ServiceKey k : old.specs().keySet()) {
      if (ref.equals(owners.get(k))) {
        specs.remove(k);
        owners.remove(k);
        removed.add(k);
      }
    }
    perService.remove(ref);
    infos.remove(ref);
    health.remove(ref);
  }

  private static <K, V> Map<K, V> nullSafe(Map<K, V> m) {
    return m == null ? Map.of() : m;
  }

  private static <T> List<T> nullSafe(List<T> l) {
    return l == null ? List.of() : l;
  }
}
