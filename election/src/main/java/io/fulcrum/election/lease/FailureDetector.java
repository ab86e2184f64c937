package io.fulcrum.election.lease;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The leader's view of which members may still hold a VIP lease, judged by the last lease the
 * leader itself granted each of them. Pure: time comes in as arguments (the leader's monotonic
 * nanoseconds).
 *
 * <p>A follower renews by asking the leader (a {@code LeaseRequest}); the leader confirms its
 * leadership with a Raft ReadIndex round and only then answers. It records the time it received the
 * request before it answers, so every lease a follower uses is on record. The follower's lease runs
 * from the moment it sent the request, which is before the leader received it: its lease ends
 * before {@code received + vipLease} (clock rates aside, which the margin covers). So a member
 * whose last recorded grant is older than {@code vipLease + margin} holds no lease any more: {@link
 * Health#DEAD}, its VIPs may move at once. A member not heard from for {@code aliveWindow} is
 * {@link Health#SUSPECT}: it keeps its VIPs and gets no new ones.
 *
 * <p>A new leader does not know the grants of the leader before it. Every such grant was received
 * before this leader was elected (the old leader's ReadIndex needs a majority that has not yet
 * voted for a new term), so counting every member as granted when the new leader starts is safe.
 *
 * <p>It is also more than needed: a voter of the new term heard nothing from the old leader for a
 * whole election timeout before it voted (Raft's pre-vote refuses while the leader is valid), and
 * every grant of the old leader was confirmed by a majority that includes such a voter, after the
 * request was sent. So when {@code vipLease + margin <= electionTimeout}, no lease granted by the
 * old leader is still running once the new leader is elected. The new leader uses that for the old
 * leader itself ({@link #formerLeaderGone}): a dead leader's VIPs move without waiting for a lease
 * that has already run out, while every other member keeps a whole lease of time to renew.
 */
public final class FailureDetector {

  /** A member's state as the leader sees it. */
  public enum Health {
    /** Renewed through this leader recently. */
    ALIVE,
    /** Not renewed for a while, but its VIP lease may still be running: keeps its VIPs only. */
    SUSPECT,
    /** Its last lease has surely run out. */
    DEAD
  }

  private final long deadAfterNanos;
  private final long aliveWindowNanos;
  private final Map<String, Long> lastGrant = new HashMap<>();
  private final Set<String> fenced = new HashSet<>();
  private final Map<String, Long> unfencedAt = new HashMap<>();
  private String self = "";

  /**
   * @param vipLeaseNanos how long one renewal lets a node answer
   * @param aliveWindowNanos silence after which a member is suspect (a few renewal intervals)
   * @param marginNanos clock rates, the data plane's lag applying a lease
   */
  public FailureDetector(long vipLeaseNanos, long aliveWindowNanos, long marginNanos) {
    this.deadAfterNanos = vipLeaseNanos + marginNanos;
    this.aliveWindowNanos = Math.min(aliveWindowNanos, deadAfterNanos);
  }

  /** How long after its last grant a member is declared dead. */
  public long deadAfterNanos() {
    return deadAfterNanos;
  }

  /** This node became leader at {@code now}: every member counts as granted at {@code now}. */
  public synchronized void leaderStarted(String self, Set<String> members, long now) {
    this.self = self;
    lastGrant.clear();
    fenced.clear();
    unfencedAt.clear();
    for (String m : members) {
      lastGrant.put(m, now);
    }
  }

  /**
   * The leader before this one, {@code member}, holds no lease any more (see the class comment for
   * when that holds): it is dead at {@code now} unless it renews through this leader.
   */
  public synchronized void formerLeaderGone(String member, long now) {
    if (!member.equals(self) && lastGrant.containsKey(member)) {
      lastGrant.put(member, now - deadAfterNanos);
    }
  }

  /** This leader granted {@code member} a lease on a request it received at {@code receivedAt}. */
  public synchronized void granted(String member, long receivedAt) {
    lastGrant.merge(member, receivedAt, (a, b) -> b - a > 0 ? b : a);
  }

  /**
   * Grants a lease on a request received at {@code receivedAt} unless the member is fenced, or was
   * fenced after that request arrived: a grant in flight while the leader moved the member's VIPs
   * away must not be handed out. Checked and recorded in one step, against {@link #fenceIfDead}.
   */
  public synchronized boolean grantIfAllowed(String member, long receivedAt) {
    if (fenced.contains(member)) {
      return false;
    }
    Long u = unfencedAt.get(member);
    if (u != null && receivedAt - u <= 0) {
      return false;
    }
    granted(member, receivedAt);
    return true;
  }

  /**
   * Fences {@code members} if every one of them is still dead at {@code now} (checked against the
   * grants recorded so far, in one step with {@link #grantIfAllowed}); true when fenced. The leader
   * then moves their VIPs, and lifts the fence with {@link #unfence} once the move is committed:
   * any grant confirmed after that carries a commit index that includes the move.
   */
  public synchronized boolean fenceIfDead(Set<String> members, long now) {
    for (String m : members) {
      if (health(m, now) != Health.DEAD) {
        return false;
      }
    }
    fenced.addAll(members);
    return true;
  }

  /** Lifts the fence of {@code members} at {@code now}; requests received before stay refused. */
  public synchronized void unfence(Set<String> members, long now) {
    for (String m : members) {
      if (fenced.remove(m)) {
        unfencedAt.put(m, now);
      }
    }
  }

  /** The current members; one first seen now counts as granted now (a past leader may have). */
  public synchronized void observeMembers(Set<String> members, long now) {
    lastGrant.keySet().retainAll(members);
    for (String m : members) {
      lastGrant.putIfAbsent(m, now);
    }
  }

  public synchronized Health health(String member, long now) {
    if (member.equals(self)) {
      return Health.ALIVE;
    }
    Long t = lastGrant.get(member);
    if (t == null) {
      return Health.SUSPECT;
    }
    long silent = now - t;
    if (silent >= deadAfterNanos) {
      return Health.DEAD;
    }
    return silent >= aliveWindowNanos ? Health.SUSPECT : Health.ALIVE;
  }
}
