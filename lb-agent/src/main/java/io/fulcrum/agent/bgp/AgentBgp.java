package io.fulcrum.agent.bgp;

import io.fulcrum.agent.AgentRuntime;
import io.fulcrum.agent.election.AgentElection;

/**
 * The agent's BGP speaker: announces the VIPs this node owns. Started only when the {@code bgp}
 * section is enabled.
 */
public final class AgentBgp implements AutoCloseable {
  private AgentBgp() {}

  /**
   * Starts the speaker, or returns null when the section is disabled.
   *
   * @param election the election, or null when it is disabled
   */
  public static AgentBgp start(AgentRuntime rt, AgentElection election) {
    if (!rt.config().bgp().enabled()) {
      return null;
    }
    throw new IllegalStateException("the bgp section is not supported yet");
  }

  @Override
  public void close() {}
}
