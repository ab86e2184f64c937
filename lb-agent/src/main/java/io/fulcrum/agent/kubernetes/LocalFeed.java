package io.fulcrum.agent.kubernetes;

import io.fulcrum.agent.election.AgentElection;
import io.fulcrum.kubernetes.DesiredServicesListener;
import io.fulcrum.kubernetes.KubernetesDesired;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Follows which VIPs are node-local ({@code externalTrafficPolicy: Local}) and which of them this
 * node can serve, and declares them to the election (when it runs) so that only a node with a ready
 * local endpoint owns such a VIP, and to {@code listener} (BGP: only such a node announces it).
 */
final class LocalFeed implements DesiredServicesListener {
  private final String nodeName;
  private final AgentElection election;
  private final BiConsumer<Set<String>, Set<String>> listener;
  private volatile LocalVips current = LocalVips.NONE;

  /**
   * @param election the election, or null when disabled
   * @param listener told the restricted VIPs and those this node can serve, on every change
   */
  LocalFeed(
      String nodeName, AgentElection election, BiConsumer<Set<String>, Set<String>> listener) {
    this.nodeName = nodeName;
    this.election = election;
    this.listener = listener;
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
    listener.accept(next.restricted(), next.servable());
  }

  LocalVips current() {
    return current;
  }
}
