package io.fulcrum.agent.kubernetes;

import io.fulcrum.agent.election.AgentElection;
import io.fulcrum.election.OwnershipListener;
import io.fulcrum.kubernetes.LeadershipView;

/**
 * The Kubernetes module's view of leadership: the Raft leader allocates addresses and writes
 * Service status and Events. Without an election this agent is the only writer and always leads.
 */
final class ElectionLeadership implements LeadershipView {
  static final LeadershipView ALWAYS =
      new LeadershipView() {
        @Override
        public boolean isLeader() {
          return true;
        }

        @Override
        public void addListener(Runnable onChange) {}
      };

  private final AgentElection election;

  private ElectionLeadership(AgentElection election) {
    this.election = election;
  }

  /** Follows the election; {@link #ALWAYS} when there is none. */
  static LeadershipView of(AgentElection election) {
    return election == null ? ALWAYS : new ElectionLeadership(election);
  }

  @Override
  public boolean isLeader() {
    return election.isLeader();
  }

  @Override
  public void addListener(Runnable onChange) {
    election.addListener(
        new OwnershipListener() {
          @Override
          public void onLeaderStart(long term) {
            onChange.run();
          }

          @Override
          public void onLeaderStop(long term) {
            onChange.run();
          }
        });
  }
}
