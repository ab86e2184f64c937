package io.fulcrum.datapath;

import java.net.InetAddress;
import java.util.Objects;

/** One backend of a service. Weight 0 is allowed and means "no new flows", like DRAINING. */
public record Backend(InetAddress address, int port, int weight, BackendState state) {
  public Backend {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(state, "state");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("backend port must be 1..65535, was " + port);
    }
    if (weight < 0 || weight > 65535) {
      throw new IllegalArgumentException("backend weight must be 0..65535, was " + weight);
    }
  }

  /** True when this backend may be chosen for a new flow. */
  public boolean takesNewFlows() {
    return state == BackendState.UP && weight > 0;
  }
}
