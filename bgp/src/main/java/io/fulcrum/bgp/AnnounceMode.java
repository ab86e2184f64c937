package io.fulcrum.bgp;

/**
 * Which nodes announce a VIP. The caller (the agent) applies it when it decides whether to call
 * {@link BgpSpeaker#announce} or {@link BgpSpeaker#withdraw} for a VIP on this node.
 */
public enum AnnounceMode {
  /** Only the VIP's owner announces it: one path at the router. */
  OWNER_ONLY,
  /** Every node with a healthy data plane announces it: the router spreads flows by ECMP. */
  ALL_HEALTHY_NODES;

  /**
   * Whether this node should announce a VIP now.
   *
   * @param ownsVip this node owns the VIP (election)
   * @param dataPlaneHealthy this node's data plane is loaded and forwarding
   * @param serviceHasHealthyBackend at least one backend of the VIP's service is healthy
   */
  public boolean shouldAnnounce(
      boolean ownsVip, boolean dataPlaneHealthy, boolean serviceHasHealthyBackend) {
    if (!serviceHasHealthyBackend || !dataPlaneHealthy) {
      return false;
    }
    return this == ALL_HEALTHY_NODES || ownsVip;
  }

  /** Parses "owner" / "owner-only" or "all" / "ecmp" / "all-healthy-nodes" (case-insensitive). */
  public static AnnounceMode parse(String text) {
    return switch (text.toLowerCase(java.util.Locale.ROOT)) {
      case "owner", "owner-only", "owner_only" -> OWNER_ONLY;
      case "all", "ecmp", "all-healthy-nodes", "all_healthy_nodes" -> ALL_HEALTHY_NODES;
      default ->
          throw new IllegalArgumentException(
              "announce mode must be owner-only or all-healthy-nodes: " + text);
    };
  }
}
