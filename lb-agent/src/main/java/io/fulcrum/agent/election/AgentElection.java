package io.fulcrum.agent.election;

import io.fulcrum.agent.AgentRuntime;
import io.fulcrum.election.OwnershipListener;
import java.util.Set;

/**
 * The agent's part in the Raft election: decides which VIPs this node answers for and which node
 * leads. Started only when the {@code election} section is enabled. Other agent modules (BGP,
 * Kubernetes) follow it through {@link #addListener} and {@link #isLeader}.
 */
public final class AgentElection implements AutoCloseable {
  private AgentElection() {}

  /** Starts the election, or returns null when the section is disabled. */
  public static AgentElection start(AgentRuntime rt) {
    if (!rt.config().election().enabled()) {
      return null;
    }
    throw new IllegalStateException("the election section is not supported yet");
  }

  /**
   * Follows leadership and VIP ownership. A listener added late is first told the current state
   * (leader start, every VIP owned now), then every change, each with its term.
   */
  public void addListener(OwnershipListener listener) {
    throw new UnsupportedOperationException("not wired yet");
  }

  /** Whether this node leads the group now. */
  public boolean isLeader() {
    return false;
  }

  /** The VIPs this node answers for now. */
  public Set<String> ownedVips() {
    return Set.of();
  }

  @Override
  public void close() {}
}
