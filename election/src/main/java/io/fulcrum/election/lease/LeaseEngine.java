package io.fulcrum.election.lease;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Decides, on one node, which VIPs it answers for and until when (fencing). Pure: time comes in as
 * arguments (nanoseconds of one monotonic clock, {@link System#nanoTime()} in production, which on
 * Linux is CLOCK_MONOTONIC like the data plane's {@code bpf_ktime_get_ns}).
 *
 * <p>A node answers for VIP v until {@code confirmedAt + lease} when all hold: the replicated state
 * makes it v's owner; it is ready; the takeover delay of its assignment has passed; and {@code
 * confirmedAt} is the start of the last round in which the group's majority confirmed the leader
 * and this node had applied everything committed before it (a Raft ReadIndex). The deadline goes to
 * the data plane with each grant, so the data plane falls silent on time even when this process
 * stops.
 */
public final class LeaseEngine {

  /** What the node must do now. */
  public record Actions(
      Map<String, Long> grants, Set<String> revokes, Set<String> gained, Set<String> lost) {
    public boolean isEmpty() {
      return grants.isEmpty() && revokes.isEmpty();
    }
  }

  private final long leaseNanos;
  private final TreeMap<String, Long> owned = new TreeMap<>(); // vip -> answer not before
  private final TreeMap<String, Long> granted = new TreeMap<>(); // vip -> lease expiry
  private boolean ready;
  private long confirmedAt;
  private boolean confirmed;

  public LeaseEngine(long leaseNanos) {
    if (leaseNanos <= 0) {
      throw new IllegalArgumentException("lease must be positive");
    }
    this.leaseNanos = leaseNanos;
  }

  /** This node's own readiness (data plane attached, uplink up). */
  public synchronized void setReady(boolean ready) {
    this.ready = ready;
  }

  /**
   * The replicated state gave VIP {@code vip} to this node (applied at {@code now}); it may answer
   * from {@code now + takeoverDelay}. Giving a VIP it already has changes nothing.
   */
  public synchronized void gainedOwnership(String vip, long takeoverDelayNanos, long now) {
    owned.putIfAbsent(vip, now + Math.max(0, takeoverDelayNanos));
  }

  /** The replicated state took VIP {@code vip} from this node. */
  public synchronized void lostOwnership(String vip) {
    owned.remove(vip);
  }

  /** Replaces what this node owns (after loading a snapshot), each with its takeover delay. */
  public synchronized void resetOwnership(Map<String, Long> delaysNanos, long now) {
    owned.keySet().retainAll(delaysNanos.keySet());
    delaysNanos.forEach((vip, d) -> owned.putIfAbsent(vip, now + Math.max(0, d)));
  }

  /** A majority confirmed the leader in a round that started at {@code startedAt}. */
  public synchronized void quorumConfirmed(long startedAt) {
    if (!confirmed || startedAt - confirmedAt > 0) {
      confirmedAt = startedAt;
      confirmed = true;
    }
  }

  /** Forgets every confirmation (for example on shutdown): nothing is renewed any more. */
  public synchronized void forgetQuorum() {
    confirmed = false;
  }

  /** Computes the grants and revocations due at {@code now} and records them as done. */
  public synchronized Actions tick(long now) {
    Map<String, Long> grants = new TreeMap<>();
    Set<String> revokes = new TreeSet<>();
    Set<String> gained = new TreeSet<>();
    Set<String> lost = new TreeSet<>();
    long expiry = confirmedAt + leaseNanos;
    for (Map.Entry<String, Long> e : owned.entrySet()) {
      String vip = e.getKey();
      boolean answer = ready && now - e.getValue() >= 0 && confirmed && expiry - now > 0;
      Long had = granted.get(vip);
      if (answer) {
        if (had == null || had != expiry) {
          grants.put(vip, expiry);
          if (had == null) {
            gained.add(vip);
          }
          granted.put(vip, expiry);
        }
      } else if (had != null) {
        granted.remove(vip);
        revokes.add(vip);
        lost.add(vip);
      }
    }
    for (String vip : new TreeSet<>(granted.keySet())) {
      if (!owned.containsKey(vip)) {
        granted.remove(vip);
        revokes.add(vip);
        lost.add(vip);
      }
    }
    return new Actions(grants, revokes, gained, lost);
  }

  /** VIPs this node currently answers for, with their lease expiry. */
  public synchronized Map<String, Long> granted() {
    return new TreeMap<>(granted);
  }

  /** VIPs the replicated state gives this node (answered or not). */
  public synchronized Set<String> owned() {
    return new TreeSet<>(owned.keySet());
  }
}
