package io.fulcrum.api.port;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What this node reports about itself. Parts whose module is not running yet report {@code
 * "unknown"} / empty lists.
 */
public record NodeStatus(
    String node,
    Election election,
    List<VipOwner> vips,
    List<BgpSession> bgpSessions,
    DataPlane dataPlane,
    List<MapFill> maps) {

  public NodeStatus {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(election, "election");
    Objects.requireNonNull(dataPlane, "dataPlane");
    vips = List.copyOf(vips);
    bgpSessions = List.copyOf(bgpSessions);
    maps = List.copyOf(maps);
  }

  /**
   * This node's part in the Raft election.
   *
   * @param role {@code leader}, {@code follower}, {@code candidate}, {@code standalone} (no group
   *     configured) or {@code unknown}
   * @param leader node id of the current leader, null when none is known
   */
  public record Election(String role, long term, String leader, List<String> peers) {
    public Election {
      Objects.requireNonNull(role, "role");
      peers = List.copyOf(peers);
    }

    public static final Election UNKNOWN = new Election("unknown", 0, null, List.of());
  }

  /** Which node answers for a VIP; {@code local} when it is this node. */
  public record VipOwner(String vip, String owner, boolean local) {}

  /**
   * One BGP session.
   *
   * @param state FSM state, e.g. {@code established}, {@code active}, {@code idle}
   * @param since when it entered that state
   * @param prefixesAdvertised how many prefixes this node announces on it
   */
  public record BgpSession(
      String peer, long peerAs, String state, Instant since, int prefixesAdvertised) {}

  /**
   * Whether the XDP program is attached.
   *
   * @param mode {@code native}, {@code generic} or {@code offload}; null when not attached
   * @param detail a sentence on what is wrong, or null
   */
  public record DataPlane(boolean attached, String interfaceName, String mode, String detail) {
    public static final DataPlane DETACHED = new DataPlane(false, null, null, null);
  }

  /** How full one BPF map is. */
  public record MapFill(String map, long used, long capacity) {
    @com.fasterxml.jackson.annotation.JsonProperty("fillRatio")
    public double fillRatio() {
      return capacity == 0 ? 0 : (double) used / capacity;
    }
  }
}
