package io.fulcrum.election.state;

import java.util.Map;
import java.util.Set;

/** One entry of the replicated log. Every change to {@link ElectionState} is one of these. */
public sealed interface Command {

  /** A member reports whether it can carry VIPs (data plane attached, uplink up). */
  record SetReady(String node, boolean ready) implements Command {}

  /** The full set of VIPs to place (replaces the previous set). */
  record SetVips(Set<String> vips) implements Command {}

  /**
   * New owners for some VIPs, decided by the leader. An empty owner means "unowned". {@code
   * takeoverDelayMs} is how long the new owner waits after applying this entry before it answers: 0
   * when the old owner's lease is known to have run out, else the VIP lease plus the margin.
   */
  record Assign(Map<String, String> owners, long takeoverDelayMs, boolean failover)
      implements Command {}

  /**
   * The VIPs only some nodes may own (e.g. Kubernetes {@code externalTrafficPolicy: Local}), the
   * same set on every node (replaces the previous set). The nodes that may own one are those whose
   * {@link SetServable} lists it.
   */
  record SetRestricted(Set<String> vips) implements Command {}

  /** The restricted VIPs a member can serve now (replaces its previous set). */
  record SetServable(String node, Set<String> vips) implements Command {}

  /**
   * Replaces a replicated document's bytes when its version is {@code expectedVersion} ({@link
   * #ANY_VERSION}: whatever it is); otherwise the entry changes nothing.
   */
  record PutDocument(String key, long expectedVersion, byte[] value) implements Command {
    public static final long ANY_VERSION = -1;

    public PutDocument {
      java.util.Objects.requireNonNull(key, "key");
      value = value == null ? new byte[0] : value.clone();
    }

    @Override
    public byte[] value() {
      return value.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof PutDocument p
          && p.key.equals(key)
          && p.expectedVersion == expectedVersion
          && java.util.Arrays.equals(p.value, value);
    }

    @Override
    public int hashCode() {
      return key.hashCode() * 31 + java.util.Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return "PutDocument["
          + key
          + ", expected "
          + expectedVersion
          + ", "
          + value.length
          + " bytes]";
    }
  }

  /** The leader of {@code term} announces itself (applied first in each term). */
  record LeaderIs(String node, long term) implements Command {}
}
