package io.fulcrum.election.lease;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The leader's view of which members are alive, and when a silent member's VIPs may move without
 * waiting. Pure: time comes in as arguments (monotonic nanoseconds).
 *
 * <p>The leader samples which followers answered its heartbeats within the Raft leader lease
 * ({@code leaderLease}; sofa-jraft's {@code listAlivePeers}). When a member first drops out of that
 * list at time D, its last answered heartbeat was sent before {@code D - leaderLease}; its last
 * lease renewal started at most one heartbeat interval later, so the VIP lease it could have
 * written ends before {@code D - leaderLease + heartbeat + vipLease}. The member is declared dead
 * at {@code D + grace} with {@code grace = max(0, vipLease + heartbeat + margin - leaderLease)}:
 * from then on its VIPs can move with no takeover delay. A member that answers again before that is
 * alive again and keeps its VIPs.
 */
public final class FailureDetector {

  /** A member's state as the leader sees it. */
  public enum Health {
    /** Answered the leader recently. */
    ALIVE,
    /** Silent, but its VIP lease may still be running: it keeps its VIPs, gets no new ones. */
    SUSPECT,
    /** Silent long enough that its VIP lease has surely run out. */
    DEAD
  }

  private final long graceNanos;
  private final Map<String, Long> silentSince = new HashMap<>();

  public FailureDetector(
      long leaderLeaseNanos, long heartbeatNanos, long vipLeaseNanos, long marginNanos) {
    this.graceNanos = Math.max(0, vipLeaseNanos + heartbeatNanos + marginNanos - leaderLeaseNanos);
  }

  /** How long after dropping out of the alive list a member is declared dead. */
  public long graceNanos() {
    return graceNanos;
  }

  /** Forgets everything (a new leadership term starts from a clean slate). */
  public synchronized void reset() {
    silentSince.clear();
  }

  /** Records one sample: {@code alive} are the members that answered within the leader lease. */
  public synchronized void observe(Set<String> members, Set<String> alive, long now) {
    silentSince.keySet().retainAll(members);
    for (String m : members) {
      if (alive.contains(m)) {
        silentSince.remove(m);
      } else {
        silentSince.putIfAbsent(m, now);
      }
    }
  }

  public synchronized Health health(String member, long now) {
    Long since = silentSince.get(member);
    if (since == null) {
      return Health.ALIVE;
    }
    return now - since >= graceNanos ? Health.DEAD : Health.SUSPECT;
  }
}
