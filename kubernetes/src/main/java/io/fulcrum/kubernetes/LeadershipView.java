package io.fulcrum.kubernetes;

/**
 * Port: whether this node leads the Raft group. Only the leader allocates addresses and writes
 * Service status and Events; every node programs what the Services' status says.
 */
public interface LeadershipView {
  boolean isLeader();

  /** Calls {@code onChange} (on any thread) whenever {@link #isLeader()} may have changed. */
  void addListener(Runnable onChange);
}
