package io.fulcrum.datapath;

/** How a service translates packets. */
public enum NatMode {
  /** DNAT to the backend and SNAT to the node address; replies are reverse-translated. */
  FULL_NAT,
  /** DNAT only: the backend sees the client address (replies must route back through the node). */
  DNAT
}
