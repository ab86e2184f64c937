package io.fulcrum.agent.rest;

import io.fulcrum.agent.bgp.BgpStatus;
import io.fulcrum.api.port.NodeStatus;
import io.fulcrum.api.port.StatusProvider;
import io.fulcrum.bgp.PeerStatus;
import io.fulcrum.datapath.MapUsage;
import io.fulcrum.election.ElectionStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The node's status: data plane attached, map fill, and, when those modules run, the election
 * (role, term, leader, members, VIP owners) and the BGP sessions. A module that is not configured
 * reports the documented defaults ({@code standalone}, no VIP owners, no sessions).
 */
public final class AgentStatus implements StatusProvider {
  static final NodeStatus.Election STANDALONE =
      new NodeStatus.Election("standalone", 0, null, List.of());

  /** Where the running modules' status comes from; a supplier answering null: not running. */
  public record Modules(Supplier<ElectionStatus> election, Supplier<BgpStatus> bgp) {
    public static final Modules NONE = new Modules(() -> null, () -> null);
  }

  private final String node;
  private final NodeStatus.DataPlane dataPlane;
  private final Supplier<List<MapUsage>> mapUsage;
  private final Modules modules;

  public AgentStatus(
      String node,
      NodeStatus.DataPlane dataPlane,
      Supplier<List<MapUsage>> usage,
      Modules modules) {
    this.node = node;
    this.dataPlane = dataPlane;
    this.mapUsage = usage;
    this.modules = modules;
  }

  @Override
  public NodeStatus status() {
    List<NodeStatus.MapFill> maps = new ArrayList<>();
    for (MapUsage u : mapUsage.get()) {
      maps.add(new NodeStatus.MapFill(u.map(), u.used(), u.capacity()));
    }
    ElectionStatus e = modules.election().get();
    BgpStatus b = modules.bgp().get();
    return new NodeStatus(
        e == null ? node : e.nodeId(),
        election(e),
        vips(e),
        b == null ? List.of() : sessions(b),
        dataPlane,
        maps);
  }

  static NodeStatus.Election election(ElectionStatus e) {
    if (e == null) {
      return STANDALONE;
    }
    String role =
        switch (e.role().toUpperCase(Locale.ROOT)) {
          case "LEADER" -> "leader";
          case "FOLLOWER" -> "follower";
          case "CANDIDATE" -> "candidate";
          default -> "unknown";
        };
    String leader = e.leader() == null || e.leader().isEmpty() ? null : e.leader();
    return new NodeStatus.Election(role, e.term(), leader, e.members().stream().sorted().toList());
  }

  static List<NodeStatus.VipOwner> vips(ElectionStatus e) {
    if (e == null) {
      return List.of();
    }
    List<NodeStatus.VipOwner> out = new ArrayList<>();
    for (Map.Entry<String, String> o : new TreeMap<>(e.owners()).entrySet()) {
      String owner = o.getValue() == null || o.getValue().isEmpty() ? null : o.getValue();
      out.add(new NodeStatus.VipOwner(o.getKey(), owner, e.nodeId().equals(owner)));
    }
    return out;
  }

  static List<NodeStatus.BgpSession> sessions(BgpStatus b) {
    List<NodeStatus.BgpSession> out = new ArrayList<>();
    for (PeerStatus p : b.peers()) {
      out.add(
          new NodeStatus.BgpSession(
              p.address().getHostAddress(),
              p.peerAs(),
              p.state().toLowerCase(Locale.ROOT),
              p.upSinceEpochMillis() > 0 ? Instant.ofEpochMilli(p.upSinceEpochMillis()) : null,
              (int) Math.min(Integer.MAX_VALUE, p.prefixesAdvertised())));
    }
    return out;
  }
}
