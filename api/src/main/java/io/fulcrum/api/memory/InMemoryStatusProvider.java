package io.fulcrum.api.memory;

import io.fulcrum.api.port.NodeStatus;
import io.fulcrum.api.port.StatusProvider;
import java.util.List;
import java.util.Objects;

/** A status that whoever knows it sets; starts as "unknown, detached". */
public final class InMemoryStatusProvider implements StatusProvider {
  private volatile NodeStatus status;

  public InMemoryStatusProvider(String node) {
    this.status =
        new NodeStatus(
            node,
            NodeStatus.Election.UNKNOWN,
            List.of(),
            List.of(),
            NodeStatus.DataPlane.DETACHED,
            List.of());
  }

  public void set(NodeStatus status) {
    this.status = Objects.requireNonNull(status);
  }

  @Override
  public NodeStatus status() {
    return status;
  }
}
