package io.fulcrum.agent.election;

import io.fulcrum.agent.AgentRuntime;

/**
 * The agent's part in the Raft election: decides which VIPs this node answers for. Started only
 * when the {@code election} section is enabled.
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

  @Override
  public void close() {}
}
