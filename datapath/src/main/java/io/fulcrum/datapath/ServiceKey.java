package io.fulcrum.datapath;

import java.net.InetAddress;
import java.util.Objects;

/** Identifies a service in the data plane: the VIP, the L4 port and the protocol. */
public record ServiceKey(InetAddress vip, int port, Protocol protocol) {
  public ServiceKey {
    Objects.requireNonNull(vip, "vip");
    Objects.requireNonNull(protocol, "protocol");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be 1..65535, was " + port);
    }
  }

  @Override
  public String toString() {
    String host = vip.getHostAddress();
    return (host.contains(":") ? "[" + host + "]" : host)
        + ":"
        + port
        + "/"
        + protocol.name().toLowerCase(java.util.Locale.ROOT);
  }
}
