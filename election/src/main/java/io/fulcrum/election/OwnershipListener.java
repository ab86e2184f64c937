package io.fulcrum.election;

/**
 * Events of one node, each with the Raft term in which it happened (compare sofa-jraft's {@code
 * LeaderStateListener}). Called from the election's own threads: return quickly.
 */
public interface OwnershipListener {
  /** This node became the group's leader. */
  default void onLeaderStart(long term) {}

  /** This node stopped being the leader. */
  default void onLeaderStop(long term) {}

  /** This node started answering for {@code vip} (it holds a valid lease for it). */
  default void onVipGained(String vip, long term) {}

  /** This node stopped answering for {@code vip}. */
  default void onVipLost(String vip, long term) {}
}
