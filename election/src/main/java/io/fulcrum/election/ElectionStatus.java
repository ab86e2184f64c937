package io.fulcrum.election;

import java.util.Map;
import java.util.Set;

/**
 * A snapshot of one node's view of the group.
 *
 * @param nodeId this node
 * @param role LEADER, FOLLOWER, CANDIDATE or NONE
 * @param term the current Raft term
 * @param leader the leader's id ("" when unknown)
 * @param owners VIP to owner, as replicated
 * @param answering VIPs this node answers for now (valid lease)
 * @param members the group's members
 * @param ready members' readiness, as replicated
 * @param documents replicated documents' versions, by key
 * @param failovers VIPs moved away from a failed owner, over the group's life
 */
public record ElectionStatus(
    String nodeId,
    String role,
    long term,
    String leader,
    Map<String, String> owners,
    Set<String> answering,
    Set<String> members,
    Map<String, Boolean> ready,
    Map<String, Long> documents,
    long failovers) {

  /** One line of {@code key=value} pairs (used by the node tool's status file). */
  public String toLine() {
    return "node="
        + nodeId
        + " role="
        + role
        + " term="
        + term
        + " leader="
        + leader
        + " owners="
        + join(owners)
        + " answering="
        + String.join(",", answering)
        + " members="
        + String.join(",", members)
        + " failovers="
        + failovers;
  }

  private static String join(Map<String, ?> m) {
    StringBuilder sb = new StringBuilder();
    m.forEach(
        (k, v) -> {
          if (sb.length() > 0) {
            sb.append(',');
          }
          sb.append(k).append('=').append(v);
        });
    return sb.toString();
  }
}
