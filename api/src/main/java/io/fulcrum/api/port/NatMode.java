package io.fulcrum.api.port;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Optional;

/** How the data plane translates a service's flows. */
public enum NatMode {
  /** DNAT to the backend and SNAT to the node (the default). */
  FULL_NAT("fullnat"),
  /** DNAT only: the client source address is kept. */
  DNAT("dnat");

  private final String wire;

  NatMode(String wire) {
    this.wire = wire;
  }

  @JsonValue
  public String wire() {
    return wire;
  }

  /** Parses the wire name; empty when it is not one. */
  public static Optional<NatMode> parse(String s) {
    for (NatMode m : values()) {
      if (m.wire.equals(s)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }
}
