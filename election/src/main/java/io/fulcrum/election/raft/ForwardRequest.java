package io.fulcrum.election.raft;

import java.io.Serial;
import java.io.Serializable;

/** A follower hands a command to the leader (sofa-jraft RPC, Hessian-serialised). */
public class ForwardRequest implements Serializable {
  @Serial private static final long serialVersionUID = 1L;

  /** An encoded {@link io.fulcrum.election.state.Command}. */
  public byte[] command;

  public ForwardRequest() {}

  public ForwardRequest(byte[] command) {
    this.command = command;
  }
}
