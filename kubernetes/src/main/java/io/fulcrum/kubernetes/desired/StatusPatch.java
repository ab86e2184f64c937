package io.fulcrum.kubernetes.desired;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fulcrum.kubernetes.ServiceRef;
import java.util.List;

/**
 * The status a Service should have: its {@code status.loadBalancer.ingress} and its full list of
 * conditions (other controllers' conditions kept as they were). Only produced when it differs from
 * what the Service shows.
 *
 * @param resourceVersion the version the patch was computed from
 */
public record StatusPatch(
    ServiceRef service,
    String resourceVersion,
    List<LoadBalancerIngress> ingress,
    List<Condition> conditions) {
  public StatusPatch {
    ingress = List.copyOf(ingress);
    conditions = List.copyOf(conditions);
  }
}
