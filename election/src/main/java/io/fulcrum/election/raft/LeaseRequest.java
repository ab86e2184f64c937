package io.fulcrum.election.raft;

import java.io.Serial;
import java.io.Serializable;

/** A follower asks the leader to confirm a lease renewal (sofa-jraft RPC, Hessian-serialised). */
public class LeaseRequest implements Serializable {
  @Serial private static final long serialVersionUID = 1L;

  /** The asking member's id ({@code host:port}). */
  public String nodeId;

  public LeaseRequest() {}

  public LeaseRequest(String nodeId) {
    this.nodeId = nodeId;
  }
}
