package io.fulcrum.election.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class BalancerTest {
  private static final Set<String> NODES = Set.of("a", "b", "c");

  private static Map<String, Integer> loads(Map<String, String> owners) {
    Map<String, Integer> m = new HashMap<>();
    owners.values().forEach(o -> m.merge(o, 1, Integer::sum));
    return m;
  }

  private static Set<String> vips(int n) {
    Set<String> s = new java.util.TreeSet<>();
    for (int i = 0; i < n; i++) {
      s.add("198.18.0." + (100 + i));
    }
    return s;
  }

  @Test
  void spreadsVipsEvenlyOverReadyNodes() {
    SortedMap<String, String> r = Balancer.place(vips(7), Map.of(), NODES, NODES, "a");
    assertThat(r).hasSize(7);
    Map<String, Integer> l = loads(r);
    assertThat(Collections.max(l.values()) - Collections.min(l.values())).isLessThanOrEqualTo(1);
    assertThat(l.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(7);
  }

  @Test
  void leaderCarriesVipsLast() {
    SortedMap<String, String> one = Balancer.place(vips(1), Map.of(), NODES, NODES, "a");
    assertThat(one.values()).doesNotContain("a");
    SortedMap<String, String> two = Balancer.place(vips(2), Map.of(), NODES, NODES, "b");
    assertThat(two.values()).containsExactlyInAnyOrder("a", "c");
  }

  @Test
  void sameInputGivesSameOwnersWhateverTheSetOrder() {
    SortedMap<String, String> r1 = Balancer.place(vips(5), Map.of(), NODES, NODES, "");
    java.util.List<String> reversed = new java.util.ArrayList<>(vips(5));
    Collections.reverse(reversed);
    SortedMap<String, String> r2 =
        Balancer.place(
            new java.util.LinkedHashSet<>(reversed),
            Map.of(),
            Set.of("c", "b", "a"),
            Set.of("c", "a", "b"),
            "");
    assertThat(r1).isEqualTo(r2);
  }

  @Test
  void deadOwnersVipsMoveAndOthersStay() {
    SortedMap<String, String> before = Balancer.place(vips(6), Map.of(), NODES, NODES, "a");
    Set<String> alive = Set.of("a", "c");
    SortedMap<String, String> after = Balancer.place(vips(6), before, alive, alive, "a");
    for (Map.Entry<String, String> e : before.entrySet()) {
      if (!e.getValue().equals("b")) {
        assertThat(after.get(e.getKey())).isEqualTo(e.getValue());
      } else {
        assertThat(after.get(e.getKey())).isIn("a", "c");
      }
    }
    assertThat(loads(after)).containsEntry("a", 3).containsEntry("c", 3);
  }

  @Test
  void rejoiningNodeDoesNotPullVipsBackWhileSpreadIsWithinOne() {
    Set<String> two = Set.of("a", "c");
    SortedMap<String, String> onTwo = Balancer.place(vips(3), Map.of(), two, two, "a");
    SortedMap<String, String> rejoined = Balancer.place(vips(3), onTwo, NODES, NODES, "a");
    // loads 2/1/0: moves exactly one VIP, to the newcomer
    int moved = 0;
    for (String vip : onTwo.keySet()) {
      if (!onTwo.get(vip).equals(rejoined.get(vip))) {
        moved++;
        assertThat(rejoined.get(vip)).isEqualTo("b");
      }
    }
    assertThat(moved).isEqualTo(1);
    // one VIP on two nodes, third rejoins: nothing moves
    SortedMap<String, String> single = Balancer.place(vips(1), Map.of(), two, two, "a");
    assertThat(Balancer.place(vips(1), single, NODES, NODES, "a")).isEqualTo(single);
  }

  @Test
  void joinMovesOnlyWhatEvensTheSpread() {
    SortedMap<String, String> onThree = Balancer.place(vips(9), Map.of(), NODES, NODES, "a");
    Set<String> four = Set.of("a", "b", "c", "d");
    SortedMap<String, String> onFour = Balancer.place(vips(9), onThree, four, four, "a");
    long moved =
        onThree.keySet().stream().filter(v -> !onThree.get(v).equals(onFour.get(v))).count();
    assertThat(moved).isEqualTo(2); // 3/3/3 -> 3/2/2/2 or similar: two moves to d
    assertThat(loads(onFour)).containsEntry("d", 2);
  }

  @Test
  void suspectOwnerKeepsVipsButGetsNoNewOnes() {
    Map<String, String> current = new TreeMap<>(Map.of("198.18.0.100", "b"));
    SortedMap<String, String> r = Balancer.place(vips(2), current, NODES, Set.of("a", "c"), "a");
    assertThat(r).containsEntry("198.18.0.100", "b").containsEntry("198.18.0.101", "c");
  }

  @Test
  void noEligibleNodeLeavesVipsUnowned() {
    SortedMap<String, String> r = Balancer.place(vips(2), Map.of(), Set.of(), Set.of(), "");
    assertThat(r.values()).containsOnly("");
  }

  @Test
  void restrictedVipGoesOnlyToANodeThatCanServeIt() {
    Set<String> v = vips(3);
    String local = "198.18.0.101";
    SortedMap<String, String> r =
        Balancer.place(v, Map.of(), NODES, NODES, "", Map.of(local, Set.of("c")));
    assertThat(r).containsEntry(local, "c");
    // the owner loses its local endpoint: the VIP moves to the node that now has one
    SortedMap<String, String> moved =
        Balancer.place(v, r, NODES, NODES, "", Map.of(local, Set.of("a")));
    assertThat(moved).containsEntry(local, "a");
    // no node can serve it: no owner
    assertThat(Balancer.place(v, r, NODES, NODES, "", Map.of(local, Set.of())))
        .containsEntry(local, "");
  }

  @Test
  void rebalancingNeverMovesARestrictedVipToANodeThatCannotServeIt() {
    Set<String> v = vips(6);
    Map<String, Set<String>> allowed = new TreeMap<>();
    for (String vip : v) {
      allowed.put(vip, Set.of("a"));
    }
    SortedMap<String, String> r = Balancer.place(v, Map.of(), NODES, NODES, "", allowed);
    assertThat(r.values()).containsOnly("a");
    // a non-restricted VIP still goes to a lightly loaded node
    Set<String> more = new java.util.TreeSet<>(v);
    more.add("198.18.0.200");
    SortedMap<String, String> r2 = Balancer.place(more, r, NODES, NODES, "", allowed);
    assertThat(r2.get("198.18.0.200")).isIn("b", "c");
    assertThat(r2.headMap("198.18.0.200").values()).containsOnly("a");
  }
}
