package io.fulcrum.agent.bgp;

import io.fulcrum.agent.config.BgpSection;
import io.fulcrum.bgp.RouteAttributes;
import io.fulcrum.datapath.Backend;
import io.fulcrum.datapath.ServiceKey;
import io.fulcrum.datapath.ServiceSpec;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides which VIPs this node announces, and with which attributes. Pure and single-threaded: it
 * is told about services (their effective spec, health overrides included) and about VIP ownership,
 * and answers, per VIP, whether to announce, re-announce or withdraw.
 *
 * <p>A VIP is announced when {@link io.fulcrum.bgp.AnnounceMode#shouldAnnounce} says so: this node
 * owns it (always true without an election; not needed in {@code announceMode: all}), the data
 * plane is healthy, and at least one of the services on that address has a backend that takes new
 * flows (UP, weight above 0). A node-local VIP (Kubernetes {@code externalTrafficPolicy: Local}) is
 * announced only by a node with a ready local endpoint for it, in every mode: another node would
 * have to drop or forward its traffic and lose the client's address. Each change costs in
 * proportion to the services on that one VIP.
 */
final class AnnouncePlanner {

  /**
   * What to do for one VIP.
   *
   * @param attributes what to announce, or null to withdraw
   * @param reason why, for the log
   */
  record Change(InetAddress vip, RouteAttributes attributes, String reason) {
    boolean withdraw() {
      return attributes == null;
    }
  }

  private record Service(String name, boolean healthy) {}

  private final BgpSection config;
  private final boolean electionEnabled;
  private final Map<ServiceKey, Service> services = new HashMap<>();
  private final Map<InetAddress, Set<ServiceKey>> byVip = new HashMap<>();
  private final Set<InetAddress> owned = new HashSet<>();
  private final Map<InetAddress, RouteAttributes> announced = new HashMap<>();
  private boolean dataPlaneHealthy = true;
  private Set<InetAddress> restricted = Set.of();
  private Set<InetAddress> servable = Set.of();

  AnnouncePlanner(BgpSection config, boolean electionEnabled) {
    this.config = config;
    this.electionEnabled = electionEnabled;
  }

  /** A service was added or changed ({@code spec} non-null) or removed; returns its VIP. */
  InetAddress service(ServiceKey key, String name, ServiceSpec spec) {
    InetAddress vip = key.vip();
    if (spec == null) {
      services.remove(key);
      Set<ServiceKey> keys = byVip.get(vip);
      if (keys != null) {
        keys.remove(key);
        if (keys.isEmpty()) {
          byVip.remove(vip);
        }
      }
      return vip;
    }
    services.put(key, new Service(name, spec.backends().stream().anyMatch(Backend::takesNewFlows)));
    byVip.computeIfAbsent(vip, v -> new HashSet<>()).add(key);
    return vip;
  }

  /** This node gained ({@code owns}) or lost a VIP in the election. */
  void ownership(InetAddress vip, boolean owns) {
    if (owns) {
      owned.add(vip);
    } else {
      owned.remove(vip);
    }
  }

  /**
   * The node-local VIPs ({@code restricted}) and those of them this node can serve; returns the
   * VIPs to decide again.
   */
  Set<InetAddress> local(Set<InetAddress> restricted, Set<InetAddress> servable) {
    Set<InetAddress> touched = new HashSet<>(this.restricted);
    touched.addAll(restricted);
    this.restricted = Set.copyOf(restricted);
    this.servable = Set.copyOf(servable);
    return touched;
  }

  private boolean mayServe(InetAddress vip) {
    return !restricted.contains(vip) || servable.contains(vip);
  }

  /** The data plane stopped (or resumed) forwarding: every VIP must be decided again. */
  void dataPlaneHealthy(boolean healthy) {
    dataPlaneHealthy = healthy;
  }

  /** Every VIP known (served or announced), for a full pass. */
  Set<InetAddress> vips() {
    Set<InetAddress> out = new HashSet<>(byVip.keySet());
    out.addAll(announced.keySet());
    return out;
  }

  /** The VIPs announced now. */
  Map<InetAddress, RouteAttributes> announced() {
    return Map.copyOf(announced);
  }

  /** What to do for {@code vip}, or null when nothing changes. */
  Change decide(InetAddress vip) {
    Set<ServiceKey> keys = byVip.getOrDefault(vip, Set.of());
    List<String> names = new ArrayList<>();
    boolean healthy = false;
    for (ServiceKey k : keys) {
      Service s = services.get(k);
      names.add(s.name());
      healthy |= s.healthy();
    }
    boolean owns = !electionEnabled || owned.contains(vip);
    if (mayServe(vip) && config.announceMode().shouldAnnounce(owns, dataPlaneHealthy, healthy)) {
      RouteAttributes attrs = config.attributesFor(vip, names);
      RouteAttributes before = announced.put(vip, attrs);
      if (attrs.equals(before)) {
        return null;
      }
      return new Change(vip, attrs, before == null ? reasonUp(names) : "attributes changed");
    }
    if (announced.remove(vip) == null) {
      return null;
    }
    String why;
    if (keys.isEmpty()) {
      why = "no service left on it";
    } else if (!mayServe(vip)) {
      why = "no ready local endpoint on this node (externalTrafficPolicy: Local)";
    } else if (!healthy) {
      why = "no healthy backend in " + String.join(", ", names.stream().sorted().toList());
    } else if (!dataPlaneHealthy) {
      why = "data plane not healthy";
    } else {
      why = "owned by another node";
    }
    return new Change(vip, null, why);
  }

  private String reasonUp(List<String> names) {
    boolean byOwner =
        electionEnabled && config.announceMode() == io.fulcrum.bgp.AnnounceMode.OWNER_ONLY;
    return (byOwner ? "owned, " : "")
        + "healthy backends in "
        + String.join(", ", names.stream().sorted().toList());
  }
}
