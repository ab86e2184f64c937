package io.fulcrum.election.raft;

import com.alipay.sofa.jraft.entity.PeerId;

/** Raft endpoints as sofa-jraft's {@link PeerId}. */
final class Peers {
  private Peers() {}

  /** Parses a {@code host:port} node id; a bad one is an IllegalArgumentException. */
  static PeerId parse(String id) {
    PeerId p = new PeerId();
    if (!p.parse(id)) {
      throw new IllegalArgumentException("not a host:port peer: " + id);
    }
    return p;
  }
}
