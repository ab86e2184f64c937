package io.fulcrum.agent.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The validated {@code kubernetes} section. Disabled unless the section is present and enabled.
 *
 * @param enabled whether the agent runs this module
 * @param kubeconfig the kubeconfig file to use; null: fabric8's usual discovery (the in-cluster
 *     service account, then {@code $KUBECONFIG} / {@code ~/.kube/config})
 * @param masterUrl the API server's URL, overriding the kubeconfig's (null: keep it)
 * @param loadBalancerClass Services with this {@code spec.loadBalancerClass} are Fulcrum's
 * @param handleServicesWithoutClass also take LoadBalancer Services that name no class
 * @param nodeName this node's name; null: {@code $FULCRUM_NODE_NAME} or {@code $NODE_NAME}, else
 *     the host name
 * @param namespaces only Services in these namespaces; empty: every namespace
 * @param poolResources watch the {@code FulcrumIPPool} custom resources (the CRD must be installed)
 * @param pools address pools given here, used besides the custom resources
 */
public record KubernetesSection(
    boolean enabled,
    Path kubeconfig,
    String masterUrl,
    String loadBalancerClass,
    boolean handleServicesWithoutClass,
    String nodeName,
    List<String> namespaces,
    boolean poolResources,
    List<PoolConfig> pools) {
  public static final String DEFAULT_CLASS = "fulcrum.io/lb";
  public static final KubernetesSection DISABLED =
      new KubernetesSection(
          false, null, null, DEFAULT_CLASS, false, null, List.of(), true, List.of());

  public KubernetesSection {
    Objects.requireNonNull(loadBalancerClass, "loadBalancerClass");
    namespaces = List.copyOf(namespaces);
    pools = List.copyOf(pools);
  }

  /**
   * One address pool of the configuration, like a {@code FulcrumIPPool} without selectors.
   *
   * @param addresses CIDRs or {@code first-last} ranges, IPv4 and IPv6
   */
  public record PoolConfig(
      String name, List<String> addresses, boolean autoAssign, boolean avoidBuggyIPs) {
    public PoolConfig {
      Objects.requireNonNull(name, "name");
      addresses = List.copyOf(addresses);
    }
  }
}
