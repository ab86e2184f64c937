package io.fulcrum.kubernetes.pool;

import io.fulcrum.kubernetes.ServiceRef;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What one Service asks of the allocator.
 *
 * @param families {@code spec.ipFamilies} in order (empty means IPv4)
 * @param requested addresses the Service asks for by name (annotation or {@code
 *     spec.loadBalancerIP}); empty to let the allocator choose
 * @param pool the pool the Service names, or null for any auto-assigning pool
 * @param sharingKey Services with the same key may share an address when their ports differ; null
 *     to never share
 */
public record AllocationRequest(
    ServiceRef service,
    Map<String, String> serviceLabels,
    Map<String, String> namespaceLabels,
    List<IpFamily> families,
    FamilyPolicy policy,
    List<InetAddress> requested,
    String pool,
    String sharingKey,
    Set<PortKey> ports) {
  public AllocationRequest {
    Objects.requireNonNull(service, "service");
    serviceLabels = serviceLabels == null ? Map.of() : Map.copyOf(serviceLabels);
    namespaceLabels = namespaceLabels == null ? Map.of() : Map.copyOf(namespaceLabels);
    families = List.copyOf(families);
    Objects.requireNonNull(policy, "policy");
    requested = List.copyOf(requested);
    ports = Set.copyOf(ports);
  }

  /** The families the Service must get (all of them, or the allocation fails). */
  public List<IpFamily> requiredFamilies() {
    IpFamily primary = families.isEmpty() ? IpFamily.IPV4 : families.get(0);
    if (policy == FamilyPolicy.REQUIRE_DUAL_STACK) {
      return List.of(primary, primary.other());
    }
    return List.of(primary);
  }

  /** Families the Service would like beyond the required ones (PreferDualStack). */
  public List<IpFamily> optionalFamilies() {
    if (policy == FamilyPolicy.PREFER_DUAL_STACK) {
      IpFamily primary = families.isEmpty() ? IpFamily.IPV4 : families.get(0);
      return List.of(primary.other());
    }
    return List.of();
  }
}
