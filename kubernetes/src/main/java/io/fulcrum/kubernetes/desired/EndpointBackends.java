package io.fulcrum.kubernetes.desired;

import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointConditions;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fulcrum.datapath.Backend;
import io.fulcrum.datapath.BackendState;
import io.fulcrum.datapath.Protocol;
import io.fulcrum.kubernetes.pool.IpAddresses;
import io.fulcrum.kubernetes.pool.IpFamily;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Turns a Service's EndpointSlices into data-plane backends for one of its ports. Pure.
 *
 * <p>Ready endpoints take new flows (UP); serving-but-terminating ones keep their flows and take no
 * new one (DRAINING); the rest are left out. The backend port is the slice port with the Service
 * port's name (the EndpointSlice controller has already resolved named target ports).
 */
public final class EndpointBackends {
  private EndpointBackends() {}

  /**
   * @param onlyNode with {@code externalTrafficPolicy: Local} this node's name (only its endpoints
   *     count); null for all endpoints
   */
  public static List<Backend> backends(
      List<EndpointSlice> slices, ServicePort port, IpFamily family, String onlyNode) {
    Map<String, Backend> out = new LinkedHashMap<>();
    String portName = port.getName() == null ? "" : port.getName();
    Protocol proto = AllocationPhase.protocol(port.getProtocol());
    for (EndpointSlice slice : slices) {
      if (!family.kubernetesName().equals(slice.getAddressType())) {
        continue;
      }
      Integer number = null;
      for (EndpointPort ep : nullSafe(slice.getPorts())) {
        String n = ep.getName() == null ? "" : ep.getName();
        if (n.equals(portName) && proto == AllocationPhase.protocol(ep.getProtocol())) {
          number = ep.getPort();
          break;
        }
      }
      if (number == null || number < 1 || number > 65535) {
        continue;
      }
      for (Endpoint e : nullSafe(slice.getEndpoints())) {
        if (onlyNode != null && !onlyNode.equals(e.getNodeName())) {
          continue;
        }
        BackendState state = state(e.getConditions());
        if (state == null) {
          continue;
        }
        for (String a : nullSafe(e.getAddresses())) {
          InetAddress address;
          try {
            address = IpAddresses.parseLiteral(a);
          } catch (IllegalArgumentException ex) {
            continue;
          }
          if (IpFamily.of(address) != family) {
            continue;
          }
          String id = IpAddresses.text(address) + "#" + number;
          Backend b = new Backend(address, number, 1, state);
          Backend had = out.get(id);
          if (had == null || (had.state() != BackendState.UP && state == BackendState.UP)) {
            out.put(id, b);
          }
        }
      }
    }
    List<Backend> list = new ArrayList<>(out.values());
    list.sort(
        Comparator.comparing((Backend b) -> IpAddresses.text(b.address()))
            .thenComparingInt(Backend::port));
    return list;
  }

  /** UP, DRAINING, or null for an endpoint that takes nothing. */
  public static BackendState state(EndpointConditions c) {
    boolean ready = c == null || c.getReady() == null || c.getReady();
    Boolean servingRaw = c == null ? null : c.getServing();
    boolean serving = servingRaw == null ? ready : servingRaw;
    boolean terminating = c != null && Boolean.TRUE.equals(c.getTerminating());
    if (terminating) {
      return serving ? BackendState.DRAINING : null;
    }
    return ready ? BackendState.UP : null;
  }

  /** Nodes that have a ready (not terminating) endpoint in these slices. */
  public static Set<String> nodesWithReadyEndpoints(List<EndpointSlice> slices) {
    Set<String> out = new java.util.TreeSet<>();
    for (EndpointSlice slice : slices) {
      for (Endpoint e : nullSafe(slice.getEndpoints())) {
        if (e.getNodeName() != null && state(e.getConditions()) == BackendState.UP) {
          out.add(e.getNodeName());
        }
      }
    }
    return out;
  }

  private static <T> List<T> nullSafe(List<T> l) {
    return l == null ? List.of() : l.stream().filter(Objects::nonNull).toList();
  }
}
