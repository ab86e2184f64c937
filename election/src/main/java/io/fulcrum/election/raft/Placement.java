package io.fulcrum.election.raft;

import io.fulcrum.election.lease.FailureDetector.Health;
import io.fulcrum.election.state.Balancer;
import io.fulcrum.election.state.ElectionState;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/** The leader's next ownership change, from the replicated state and member health. Pure. */
final class Placement {
  private Placement() {}

  /**
   * Moves that may take effect at once (the VIP had no owner, or its owner is dead so its lease has
   * run out) and moves whose new owner must first wait out the old owner's lease.
   */
  record Plan(Map<String, String> immediate, Map<String, String> delayed, boolean failover) {}

  static Plan plan(
      ElectionState state, Set<String> members, String leader, Function<String, Health> health) {
    Set<String> keep = new TreeSet<>();
    Set<String> targets = new TreeSet<>();
    for (String m : members) {
      if (!state.isReady(m)) {
        continue;
      }
      Health h = health.apply(m);
      if (h != Health.DEAD) {
        keep.add(m);
      }
      if (h == Health.ALIVE) {
        targets.add(m);
      }
    }
    SortedMap<String, String> current = state.owners();
    SortedMap<String, String> desired =
        Balancer.place(state.vips(), current, keep, targets, leader, state.allowedOwners());
    Map<String, String> immediate = new TreeMap<>();
    Map<String, String> delayed = new TreeMap<>();
    boolean failover = false;
    for (Map.Entry<String, String> e : desired.entrySet()) {
      String old = current.getOrDefault(e.getKey(), "");
      if (old.equals(e.getValue())) {
        continue;
      }
      if (old.isEmpty() || health.apply(old) == Health.DEAD) {
        immediate.put(e.getKey(), e.getValue());
        failover |= !old.isEmpty();
      } else {
        delayed.put(e.getKey(), e.getValue());
      }
    }
    return new Plan(immediate, delayed, failover);
  }
}
