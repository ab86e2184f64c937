package io.fulcrum.election.raft;

import java.io.Serial;
import java.io.Serializable;

/** The leader's answer to a {@link ForwardRequest}: committed, or why not. */
public class ForwardResponse implements Serializable {
  @Serial private static final long serialVersionUID = 1L;

  public boolean ok;
  public String error;

  /** The command was a conditional document write refused for a version mismatch. */
  public boolean conflict;

  public ForwardResponse() {}

  public ForwardResponse(boolean ok, String error) {
    this.ok = ok;
    this.error = error;
  }

  public ForwardResponse(boolean ok, String error, boolean conflict) {
    this(ok, error);
    this.conflict = conflict;
  }
}
