package io.fulcrum.agent.kubernetes;

import io.fulcrum.agent.AgentRuntime;
import io.fulcrum.agent.election.AgentElection;

/**
 * The Kubernetes source: Services and EndpointSlices into the desired-state store. Started only
 * when the {@code kubernetes} section is enabled.
 */
public final class AgentKubernetes implements AutoCloseable {
  private AgentKubernetes() {}

  /**
   * Starts watching the API server, or returns null when the section is disabled.
   *
   * @param election the election (leadership decides who writes status), or null when disabled
   */
  public static AgentKubernetes start(AgentRuntime rt, AgentElection election) {
    if (!rt.config().kubernetes().enabled()) {
      return null;
    }
    throw new IllegalStateException("the kubernetes section is not supported yet");
  }

  @Override
  public void close() {}
}
