package io.fulcrum.agent.kubernetes;

import io.fulcrum.agent.election.AgentElection;
import io.fulcrum.kubernetes.DesiredServicesListener;
import io.fulcrum.kubernetes.KubernetesDesired;

/**
 * Follows which VIPs are node-local ({@code externalTrafficPolicy: Local}) and which of them this
 * node can serve, and declares them to the election (when it runs) so that only a node with a ready
 * local endpoint owns such a VIP.
 */
final class LocalFeed implements DesiredServicesListener {
  private final String nodeName;
  private final AgentElection election;
  private volatile LocalVips current = LocalVips.NONE;

  /**
   * @param election the election, or null when disabled
   */
  LocalFeed(String nodeName, AgentElection election) {
    this.nodeName = nodeName;
    this.election = election;
  }

  @Override
  public synchronized void onDesired(KubernetesDesired d) {
    LocalVips next = LocalVips.of(d.services(), nodeName);
    if (next.equals(current)) {
      return;
    }
    current = next;
    if (election != null) {
      election.declareLocal(next.restricted(), next.servable());
    }
  }

  LocalVips current() {
    return current;
  }
}
