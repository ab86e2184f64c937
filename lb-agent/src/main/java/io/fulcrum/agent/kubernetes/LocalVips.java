package io.fulcrum.agent.kubernetes;

import io.fulcrum.kubernetes.ServiceRef;
import io.fulcrum.kubernetes.desired.ServiceInfo;
import java.net.InetAddress;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The VIPs of {@code externalTrafficPolicy: Local} Services, and those of them this node can serve
 * (it has a ready endpoint of the Service: an EndpointSlice endpoint whose {@code nodeName} is this
 * agent's node name, on a ready node). Pure.
 *
 * <p>A VIP shared by several Services is restricted when any of them is node-local, and servable
 * only when this node has a local endpoint for every node-local Service sharing it (a node that
 * owns the VIP receives the traffic of all of them).
 *
 * @param restricted VIPs only nodes with a local endpoint may own or announce
 * @param servable the restricted VIPs this node may own or announce
 */
public record LocalVips(Set<String> restricted, Set<String> servable) {
  public static final LocalVips NONE = new LocalVips(Set.of(), Set.of());

  public LocalVips {
    restricted = Set.copyOf(restricted);
    servable = Set.copyOf(servable);
  }

  /** Whether this node may own or announce {@code vip} (any VIP that is not restricted). */
  public boolean mayServe(String vip) {
    return !restricted.contains(vip) || servable.contains(vip);
  }

  public static LocalVips of(Map<ServiceRef, ServiceInfo> services, String nodeName) {
    Set<String> restricted = new TreeSet<>();
    Set<String> blocked = new TreeSet<>();
    for (ServiceInfo info : services.values()) {
      if (!info.nodeLocal()) {
        continue;
      }
      boolean local = info.eligibleNodes().contains(nodeName);
      for (InetAddress a : info.addresses()) {
        String vip = a.getHostAddress();
        restricted.add(vip);
        if (!local) {
          blocked.add(vip);
        }
      }
    }
    Set<String> servable = new TreeSet<>(restricted);
    servable.removeAll(blocked);
    return new LocalVips(restricted, servable);
  }
}
