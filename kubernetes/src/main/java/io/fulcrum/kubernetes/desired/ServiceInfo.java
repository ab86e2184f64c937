package io.fulcrum.kubernetes.desired;

import io.fulcrum.datapath.ServiceKey;
import io.fulcrum.kubernetes.ServiceRef;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the agent needs to know about one Kubernetes Service beyond its data-plane specs.
 *
 * @param keys the data-plane services (one per VIP and port) made from it
 * @param healthCheck settings from its annotations; null when it has none (agent default)
 * @param nodeLocal {@code externalTrafficPolicy: Local}: only {@link #eligibleNodes} may own or
 *     announce its VIPs, and the client address is kept
 * @param eligibleNodes with nodeLocal, the ready nodes that have a ready endpoint; ignored
 *     otherwise
 * @param pendingReason why it has no address yet (null when it has them)
 */
public record ServiceInfo(
    ServiceRef service,
    String uid,
    List<InetAddress> addresses,
    Set<ServiceKey> keys,
    HealthCheckSettings healthCheck,
    boolean nodeLocal,
    Set<String> eligibleNodes,
    String pendingReason) {
  public ServiceInfo {
    Objects.requireNonNull(service, "service");
    addresses = List.copyOf(addresses);
    keys = Set.copyOf(keys);
    eligibleNodes = Set.copyOf(eligibleNodes);
  }
}
