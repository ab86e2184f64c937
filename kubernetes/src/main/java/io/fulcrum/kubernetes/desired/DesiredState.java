package io.fulcrum.kubernetes.desired;

import io.fulcrum.datapath.ServiceKey;
import io.fulcrum.datapath.ServiceSpec;
import io.fulcrum.kubernetes.ServiceRef;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;

/**
 * The output of {@link Desired#compute}: what the data plane should hold, what each Service is, and
 * what to write back to the API server (leader only).
 *
 * @param allocations the addresses of every Service (to feed back as {@code pending} next time)
 */
public record DesiredState(
    Map<ServiceKey, ServiceSpec> specs,
    Map<ServiceRef, ServiceInfo> services,
    List<StatusPatch> statusPatches,
    List<EventSpec> events,
    Map<ServiceRef, List<InetAddress>> allocations) {
  public DesiredState {
    specs = Map.copyOf(specs);
    services = Map.copyOf(services);
    statusPatches = List.copyOf(statusPatches);
    events = List.copyOf(events);
    allocations = Map.copyOf(allocations);
  }
}
