package io.fulcrum.kubernetes;

import java.util.Objects;

/**
 * How the Kubernetes source behaves.
 *
 * @param loadBalancerClass Services of type LoadBalancer with this {@code spec.loadBalancerClass}
 *     are Fulcrum's
 * @param handleServicesWithoutClass also take LoadBalancer Services that name no class
 * @param nodeName this node's name (as in {@code EndpointSlice} {@code nodeName}), for {@code
 *     externalTrafficPolicy: Local}
 */
public record KubernetesSettings(
    String loadBalancerClass, boolean handleServicesWithoutClass, String nodeName) {
  public static final String DEFAULT_CLASS = "fulcrum.io/lb";

  public KubernetesSettings {
    Objects.requireNonNull(loadBalancerClass, "loadBalancerClass");
    Objects.requireNonNull(nodeName, "nodeName");
  }

  public static KubernetesSettings defaults(String nodeName) {
    return new KubernetesSettings(DEFAULT_CLASS, false, nodeName);
  }
}
