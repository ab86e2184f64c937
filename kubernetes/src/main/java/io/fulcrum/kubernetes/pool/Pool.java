package io.fulcrum.kubernetes.pool;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A parsed, validated {@link FulcrumIPPool}: what the allocator works with. */
public record Pool(
    String name,
    List<IpRange> ranges,
    boolean autoAssign,
    boolean avoidBuggyIps,
    Selector serviceSelector,
    Selector namespaceSelector) {
  public Pool {
    Objects.requireNonNull(name, "name");
    ranges = List.copyOf(ranges);
    Objects.requireNonNull(serviceSelector, "serviceSelector");
    Objects.requireNonNull(namespaceSelector, "namespaceSelector");
  }

  /** Parses a custom resource; a bad address or selector throws with a message naming the pool. */
  public static Pool from(FulcrumIPPool resource) {
    String name = resource.getMetadata().getName();
    FulcrumIPPoolSpec spec = resource.getSpec();
    if (spec == null || spec.getAddresses() == null || spec.getAddresses().isEmpty()) {
      throw new IllegalArgumentException("pool " + name + ": spec.addresses is empty");
    }
    List<IpRange> ranges = new ArrayList<>();
    try {
      for (String a : spec.getAddresses()) {
        ranges.add(IpRange.parse(a));
      }
      return new Pool(
          name,
          ranges,
          !Boolean.FALSE.equals(spec.getAutoAssign()),
          Boolean.TRUE.equals(spec.getAvoidBuggyIPs()),
          Selector.from(spec.getServiceSelector()),
          Selector.from(spec.getNamespaceSelector()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("pool " + name + ": " + e.getMessage(), e);
    }
  }

  /** True when a service with these labels, in a namespace with these labels, may use the pool. */
  public boolean selects(Map<String, String> serviceLabels, Map<String, String> namespaceLabels) {
    return serviceSelector.matches(serviceLabels) && namespaceSelector.matches(namespaceLabels);
  }

  public boolean hasFamily(IpFamily family) {
    return ranges.stream().anyMatch(r -> r.family() == family);
  }

  /** True when the pool holds the address and may hand it out (.0/.255 excluded on request). */
  public boolean offers(InetAddress address) {
    if (avoidBuggyIps && IpAddresses.isBuggyIpv4(address)) {
      return false;
    }
    return ranges.stream().anyMatch(r -> r.contains(address));
  }
}
