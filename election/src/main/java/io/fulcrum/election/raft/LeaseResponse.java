package io.fulcrum.election.raft;

import java.io.Serial;
import java.io.Serializable;

/**
 * The leader's answer to a {@link LeaseRequest}: granted (the leader confirmed its leadership with
 * a majority after it received the request, and recorded the grant) with the commit index the
 * follower must have applied before it uses the lease; or refused.
 */
public class LeaseResponse implements Serializable {
  @Serial private static final long serialVersionUID = 1L;

  public boolean ok;
  public long index;
  public String error;

  public LeaseResponse() {}

  public LeaseResponse(boolean ok, long index, String error) {
    this.ok = ok;
    this.index = index;
    this.error = error;
  }
}
