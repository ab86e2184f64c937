package io.fulcrum.kubernetes.desired;

import io.fulcrum.datapath.ServiceKey;
import io.fulcrum.datapath.ServiceSpec;
import java.util.List;
import java.util.Map;

/**
 * What one Service turns into.
 *
 * @param status null when the Service's status is already right
 */
public record ServiceDesired(
    ServiceInfo info,
    Map<ServiceKey, ServiceSpec> specs,
    StatusPatch status,
    List<EventSpec> events) {
  public ServiceDesired {
    specs = Map.copyOf(specs);
    events = List.copyOf(events);
  }
}
