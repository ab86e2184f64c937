package io.fulcrum.election;

/**
 * A command was not handed to the group's log because no leader was known or the node asked was no
 * longer the leader: nothing was written, so sending it again later is safe.
 */
public final class NoLeaderException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public NoLeaderException(String message) {
    super(message);
  }
}
