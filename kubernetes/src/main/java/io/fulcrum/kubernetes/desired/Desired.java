package io.fulcrum.kubernetes.desired;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fulcrum.datapath.ServiceKey;
import io.fulcrum.datapath.ServiceSpec;
import io.fulcrum.kubernetes.KubernetesSettings;
import io.fulcrum.kubernetes.ServiceRef;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The whole translation, as one pure function: Kubernetes state in, desired data-plane state and
 * status/events to write out (in the manner of java-operator-sdk's {@code desired()}). The source
 * runs the same two steps ({@link AllocationPhase}, then {@link ServiceTranslator} per Service)
 * incrementally; this function is the reference and what the tests exercise.
 */
public final class Desired {
  private Desired() {}

  /**
   * @param pending allocations from the previous computation (not yet visible in status)
   * @param previousHealth health settings in force per Service (kept when annotations turn bad)
   * @param leader whether this node allocates addresses
   * @param now RFC 3339 time used for new condition transitions
   */
  public static DesiredState compute(
      ClusterState cluster,
      KubernetesSettings settings,
      Map<ServiceRef, List<InetAddress>> pending,
      Map<ServiceRef, HealthCheckSettings> previousHealth,
      boolean leader,
      String now) {
    List<Service> ours = new ArrayList<>();
    List<StatusPatch> patches = new ArrayList<>();
    for (Service s : cluster.services()) {
      if (ServiceFilter.isOurs(s, settings)) {
        ours.add(s);
      } else {
        StatusPatch p = ServiceTranslator.release(s);
        if (p != null) {
          patches.add(p);
        }
      }
    }
    AllocationPhase.Result alloc =
        AllocationPhase.run(ours, cluster.pools(), cluster.namespaceLabels(), pending, leader);
    List<EventSpec> events = new ArrayList<>(alloc.poolEvents());
    Map<ServiceRef, List<EndpointSlice>> slices = cluster.slicesByService();
    Set<String> readyNodes = cluster.readyNodes();
    Map<ServiceKey, ServiceSpec> specs = new HashMap<>();
    Map<ServiceRef, ServiceInfo> infos = new HashMap<>();
    Map<ServiceRef, List<InetAddress>> allocations = new HashMap<>();
    for (Service s : ours) {
      ServiceRef ref = ServiceFilter.ref(s);
      AllocationPhase.Outcome o = alloc.outcomes().get(ref);
      ServiceDesired d =
          ServiceTranslator.translate(
              s,
              slices.getOrDefault(ref, List.of()),
              o,
              readyNodes,
              settings,
              previousHealth.get(ref),
              now);
      specs.putAll(d.specs());
      infos.put(ref, d.info());
      if (!o.addresses().isEmpty()) {
        allocations.put(ref, o.addresses());
      }
      if (d.status() != null) {
        patches.add(d.status());
      }
      events.addAll(d.events());
    }
    return new DesiredState(specs, infos, patches, events, allocations);
  }
}
