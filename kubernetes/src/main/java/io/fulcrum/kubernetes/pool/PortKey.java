package io.fulcrum.kubernetes.pool;

import io.fulcrum.datapath.Protocol;
import java.util.Objects;

/** One L4 port of a Service: what two Services sharing an address must not both use. */
public record PortKey(int port, Protocol protocol) {
  public PortKey {
    Objects.requireNonNull(protocol, "protocol");
  }
}
