package io.fulcrum.kubernetes.desired;

import io.fabric8.kubernetes.api.model.Service;
import io.fulcrum.kubernetes.KubernetesSettings;
import io.fulcrum.kubernetes.ServiceRef;

/** Which Services are Fulcrum's. */
public final class ServiceFilter {
  private ServiceFilter() {}

  public static boolean isOurs(Service s, KubernetesSettings settings) {
    if (s.getSpec() == null
        || !"LoadBalancer".equals(s.getSpec().getType())
        || !settings.watches(s.getMetadata().getNamespace())) {
      return false;
    }
    String cls = s.getSpec().getLoadBalancerClass();
    if (cls == null || cls.isEmpty()) {
      return settings.handleServicesWithoutClass();
    }
    return cls.equals(settings.loadBalancerClass());
  }

  public static ServiceRef ref(Service s) {
    return new ServiceRef(s.getMetadata().getNamespace(), s.getMetadata().getName());
  }
}
