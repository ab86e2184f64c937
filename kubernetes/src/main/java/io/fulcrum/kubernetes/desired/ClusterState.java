package io.fulcrum.kubernetes.desired;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fulcrum.kubernetes.ServiceRef;
import io.fulcrum.kubernetes.pool.FulcrumIPPool;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the API server shows (as cached by the informers): the input of {@link Desired#compute}.
 *
 * @param namespaceLabels labels per namespace name (for pools' namespace selectors)
 */
public record ClusterState(
    List<Service> services,
    List<EndpointSlice> endpointSlices,
    List<Node> nodes,
    List<FulcrumIPPool> pools,
    Map<String, Map<String, String>> namespaceLabels) {
  public ClusterState {
    services = List.copyOf(services);
    endpointSlices = List.copyOf(endpointSlices);
    nodes = List.copyOf(nodes);
    pools = List.copyOf(pools);
    namespaceLabels = Map.copyOf(namespaceLabels);
  }

  /** Slices grouped by the Service they belong to (label {@code kubernetes.io/service-name}). */
  public Map<ServiceRef, List<EndpointSlice>> slicesByService() {
    Map<ServiceRef, List<EndpointSlice>> out = new HashMap<>();
    for (EndpointSlice e : endpointSlices) {
      ServiceRef ref = owner(e);
      if (ref != null) {
        out.computeIfAbsent(ref, k -> new ArrayList<>()).add(e);
      }
    }
    return out;
  }

  /** The Service an EndpointSlice belongs to, or null. */
  public static ServiceRef owner(EndpointSlice e) {
    Map<String, String> labels = e.getMetadata().getLabels();
    String svc = labels == null ? null : labels.get(Annotations.SERVICE_NAME_LABEL);
    return svc == null ? null : new ServiceRef(e.getMetadata().getNamespace(), svc);
  }

  public Set<String> readyNodes() {
    return readyNodes(nodes);
  }

  /** Names of the nodes whose Ready condition is True. */
  public static Set<String> readyNodes(List<Node> nodes) {
    Set<String> out = new TreeSet<>();
    for (Node n : nodes) {
      if (n.getStatus() != null && n.getStatus().getConditions() != null) {
        for (NodeCondition c : n.getStatus().getConditions()) {
          if ("Ready".equals(c.getType()) && "True".equals(c.getStatus())) {
            out.add(n.getMetadata().getName());
          }
        }
      }
    }
    return out;
  }
}
