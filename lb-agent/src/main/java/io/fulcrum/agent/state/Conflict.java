package io.fulcrum.agent.state;

import io.fulcrum.agent.config.Addresses;
import io.fulcrum.datapath.ServiceKey;

/** Two sources claim the same VIP/port/protocol: the owner keeps it, the claimant is refused. */
public record Conflict(
    ServiceKey key, String source, String name, String ownerSource, String ownerName) {
  @Override
  public String toString() {
    return "service '"
        + name
        + "' from "
        + source
        + " claims "
        + Addresses.text(key)
        + ", already owned by '"
        + ownerName
        + "' from "
        + ownerSource
        + "; refused";
  }
}
