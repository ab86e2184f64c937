package io.fulcrum.election;

import io.fulcrum.election.l2.VipAnnouncer;
import io.fulcrum.election.raft.RaftElectionNode;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** One member of the Raft group that places VIPs on ready nodes. Knows nothing of the agent. */
public interface ElectionNode extends ReplicatedDocuments, AutoCloseable {

  /**
   * Starts a node: joins (or forms) the group, replays its log, and from then on answers for the
   * VIPs the group gives it through {@code leases}, announcing each gain through {@code announcer}.
   */
  static ElectionNode start(
      ElectionSettings settings, VipLeaseWriter leases, VipAnnouncer announcer) {
    return RaftElectionNode.start(settings, leases, announcer);
  }

  /** Reports this node's readiness (data plane attached, uplink up); replicated, retried. */
  void setReady(boolean ready);

  /** Declares the VIPs the group must place (the same set on every node); replicated, retried. */
  void declareVips(Set<String> vips);

  /**
   * Declares the VIPs only some nodes may own ({@code restricted}, the same set on every node) and
   * those of them this node can serve ({@code servable}, e.g. it has a ready local endpoint);
   * replicated, retried. The leader places a restricted VIP only on a node that can serve it.
   */
  default void declareLocal(Set<String> restricted, Set<String> servable) {
    throw new UnsupportedOperationException("per-VIP eligibility");
  }

  /** Adds a member to the group (the others keep running). */
  CompletableFuture<Void> addMember(String nodeId);

  /** Removes a member from the group (the others keep running). */
  CompletableFuture<Void> removeMember(String nodeId);

  void addListener(OwnershipListener listener);

  ElectionStatus status();

  /** Stops this node. Leases already written run out by themselves (a quick restart keeps them). */
  @Override
  void close();
}
