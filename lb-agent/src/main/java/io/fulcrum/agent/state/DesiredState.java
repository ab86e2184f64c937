package io.fulcrum.agent.state;

import io.fulcrum.agent.config.Addresses;
import io.fulcrum.datapath.ServiceKey;
import io.fulcrum.datapath.ServiceSpec;
import java.util.Map;

/**
 * What the data plane should hold: every service by key, with the name its source gave it. An
 * immutable snapshot of the {@link DesiredStateStore}.
 */
public record DesiredState(Map<ServiceKey, ServiceSpec> services, Map<ServiceKey, String> names) {
  public static final DesiredState EMPTY = new DesiredState(Map.of(), Map.of());

  public DesiredState {
    services = Map.copyOf(services);
    names = Map.copyOf(names);
  }

  /** The name of a service, or its key as text when it has none. */
  public String name(ServiceKey key) {
    return names.getOrDefault(key, Addresses.text(key));
  }
}
