package io.fulcrum.kubernetes;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fulcrum.kubernetes.pool.FulcrumIPPool;
import io.fulcrum.kubernetes.pool.FulcrumIPPoolSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How the Kubernetes source behaves.
 *
 * @param loadBalancerClass Services of type LoadBalancer with this {@code spec.loadBalancerClass}
 *     are Fulcrum's
 * @param handleServicesWithoutClass also take LoadBalancer Services that name no class
 * @param nodeName this node's name (as in {@code EndpointSlice} {@code nodeName}), for {@code
 *     externalTrafficPolicy: Local}
 * @param namespaces only Services in these namespaces are Fulcrum's; empty: every namespace
 * @param watchPools watch the {@code FulcrumIPPool} custom resources (the CRD must be installed)
 * @param staticPools pools given by the agent's configuration, used besides the custom resources
 */
public record KubernetesSettings(
    String loadBalancerClass,
    boolean handleServicesWithoutClass,
    String nodeName,
    Set<String> namespaces,
    boolean watchPools,
    List<StaticPool> staticPools) {
  public static final String DEFAULT_CLASS = "fulcrum.io/lb";

  public KubernetesSettings {
    Objects.requireNonNull(loadBalancerClass, "loadBalancerClass");
    Objects.requireNonNull(nodeName, "nodeName");
    namespaces = Set.copyOf(namespaces);
    staticPools = List.copyOf(staticPools);
  }

  /** Every namespace, pools from the custom resources only. */
  public KubernetesSettings(
      String loadBalancerClass, boolean handleServicesWithoutClass, String nodeName) {
    this(loadBalancerClass, handleServicesWithoutClass, nodeName, Set.of(), true, List.of());
  }

  public static KubernetesSettings defaults(String nodeName) {
    return new KubernetesSettings(DEFAULT_CLASS, false, nodeName);
  }

  /**
   * A pool given by the agent's configuration instead of a {@link FulcrumIPPool} resource (no
   * selectors).
   *
   * @param addresses CIDRs or {@code first-last} ranges
   */
  public record StaticPool(
      String name, List<String> addresses, boolean autoAssign, boolean avoidBuggyIPs) {
    public StaticPool {
      Objects.requireNonNull(name, "name");
      addresses = List.copyOf(addresses);
    }

    /** The same pool as the custom resource the allocator reads. */
    public FulcrumIPPool toResource() {
      FulcrumIPPool pool = new FulcrumIPPool();
      pool.setMetadata(new ObjectMetaBuilder().withName(name).build());
      FulcrumIPPoolSpec spec = new FulcrumIPPoolSpec();
      spec.setAddresses(new ArrayList<>(addresses));
      spec.setAutoAssign(autoAssign);
      spec.setAvoidBuggyIPs(avoidBuggyIPs);
      pool.setSpec(spec);
      return pool;
    }
  }

  /** Whether Services of {@code namespace} may be Fulcrum's. */
  public boolean watches(String namespace) {
    return namespaces.isEmpty() || namespaces.contains(namespace);
  }
}
