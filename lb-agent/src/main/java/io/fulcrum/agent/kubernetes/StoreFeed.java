package io.fulcrum.agent.kubernetes;

import io.fulcrum.agent.config.Addresses;
import io.fulcrum.agent.config.ServiceConfig;
import io.fulcrum.agent.state.Conflict;
import io.fulcrum.agent.state.DesiredStateStore;
import io.fulcrum.datapath.ServiceKey;
import io.fulcrum.datapath.ServiceSpec;
import io.fulcrum.kubernetes.DesiredServicesListener;
import io.fulcrum.kubernetes.KubernetesDesired;
import io.fulcrum.kubernetes.ServiceRef;
import io.fulcrum.kubernetes.desired.ServiceInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Feeds the Kubernetes source's publications into the agent's {@link DesiredStateStore} as the
 * source {@value #SOURCE}. The first publication replaces the source whole; later ones apply only
 * their changed and removed keys, so one EndpointSlice change costs one Service, not 10,000.
 *
 * <p>A key the configuration file already serves stays the file's (the store keeps the first
 * claimant); each new refusal goes to the {@link ConflictSink} once.
 */
final class StoreFeed implements DesiredServicesListener {
  static final String SOURCE = "kubernetes";

  /** Told about each Kubernetes Service key refused because another source serves it. */
  interface ConflictSink {
    void refused(ServiceRef service, String uid, Conflict conflict);
  }

  private final DesiredStateStore store;
  private final ConflictSink conflicts;
  private final Set<ServiceKey> refused = new HashSet<>();
  private boolean replaced;

  StoreFeed(DesiredStateStore store, ConflictSink conflicts) {
    this.store = store;
    this.conflicts = conflicts;
  }

  /** The name a Kubernetes data-plane service has in the store: namespace/name@vip:port/proto. */
  static String name(ServiceRef ref, ServiceKey key) {
    return ref.namespace() + "/" + ref.name() + "@" + Addresses.text(key);
  }

  @Override
  public synchronized void onDesired(KubernetesDesired d) {
    if (!replaced) {
      List<ServiceConfig> all = new ArrayList<>();
      Map<ServiceKey, ServiceRef> refs = new HashMap<>();
      for (ServiceInfo info : d.services().values()) {
        for (ServiceKey k : info.keys()) {
          ServiceSpec spec = d.specs().get(k);
          if (spec != null) {
            all.add(new ServiceConfig(name(info.service(), k), spec));
            refs.put(k, info.service());
          }
        }
      }
      report(d, refs, store.replace(SOURCE, all));
      replaced = true;
      return;
    }
    for (ServiceKey k : d.removed()) {
      store.remove(SOURCE, k);
      refused.remove(k);
    }
    for (ServiceKey k : d.changed()) {
      ServiceSpec spec = d.specs().get(k);
      ServiceRef ref = d.owners().get(k);
      if (spec == null || ref == null) {
        store.remove(SOURCE, k);
        refused.remove(k);
        continue;
      }
      List<Conflict> c = store.put(SOURCE, new ServiceConfig(name(ref, k), spec));
      if (c.isEmpty()) {
        refused.remove(k);
      } else {
        report(d, Map.of(k, ref), c);
      }
    }
  }

  private void report(KubernetesDesired d, Map<ServiceKey, ServiceRef> refs, List<Conflict> found) {
    Set<ServiceKey> now = new HashSet<>();
    for (Conflict c : found) {
      now.add(c.key());
      if (refused.contains(c.key())) {
        continue;
      }
      ServiceRef ref = refs.get(c.key());
      ServiceInfo info = ref == null ? null : d.services().get(ref);
      conflicts.refused(ref, info == null ? null : info.uid(), c);
    }
    refused.addAll(now);
  }
}
