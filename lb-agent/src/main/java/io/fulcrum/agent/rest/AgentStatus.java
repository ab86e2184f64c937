package io.fulcrum.agent.rest;

import io.fulcrum.api.port.NodeStatus;
import io.fulcrum.api.port.StatusProvider;
import io.fulcrum.datapath.MapUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** The node's status: data plane attached, map fill; election and BGP are not configured yet. */
public final class AgentStatus implements StatusProvider {
  static final NodeStatus.Election NOT_CONFIGURED =
      new NodeStatus.Election("not configured", 0, null, List.of());

  private final String node;
  private final NodeStatus.DataPlane dataPlane;
  private final Supplier<List<MapUsage>> mapUsage;

  public AgentStatus(String node, NodeStatus.DataPlane dataPlane, Supplier<List<MapUsage>> usage) {
    this.node = node;
    this.dataPlane = dataPlane;
    this.mapUsage = usage;
  }

  @Override
  public NodeStatus status() {
    List<NodeStatus.MapFill> maps = new ArrayList<>();
    for (MapUsage u : mapUsage.get()) {
      maps.add(new NodeStatus.MapFill(u.map(), u.used(), u.capacity()));
    }
    return new NodeStatus(node, NOT_CONFIGURED, List.of(), List.of(), dataPlane, maps);
  }
}
