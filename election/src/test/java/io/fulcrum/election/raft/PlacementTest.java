package io.fulcrum.election.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.election.lease.FailureDetector.Health;
import io.fulcrum.election.state.Command;
import io.fulcrum.election.state.ElectionState;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlacementTest {
  private static final Set<String> M = Set.of("a", "b", "c");

  private static ElectionState state() {
    ElectionState s = new ElectionState();
    s.setMembers(M);
    for (String m : M) {
      s.apply(new Command.SetReady(m, true), 1);
    }
    s.apply(new Command.SetVips(Set.of("198.18.0.100")), 2);
    s.apply(new Command.Assign(Map.of("198.18.0.100", "b"), 0, false), 3);
    return s;
  }

  @Test
  void deadOwnersVipMovesAtOnceAsAFailover() {
    Placement.Plan p =
        Placement.plan(state(), M, "a", m -> m.equals("b") ? Health.DEAD : Health.ALIVE);
    assertThat(p.immediate()).containsEntry("198.18.0.100", "c");
    assertThat(p.failover()).isTrue();
    assertThat(p.delayed()).isEmpty();
  }

  @Test
  void suspectOwnerKeepsItsVip() {
    Placement.Plan p =
        Placement.plan(state(), M, "a", m -> m.equals("b") ? Health.SUSPECT : Health.ALIVE);
    assertThat(p.immediate()).isEmpty();
    assertThat(p.delayed()).isEmpty();
  }

  @Test
  void unreadyButAliveOwnerHandsOverAfterItsLease() {
    ElectionState s = state();
    s.apply(new Command.SetReady("b", false), 4);
    Placement.Plan p = Placement.plan(s, M, "a", m -> Health.ALIVE);
    assertThat(p.delayed()).containsEntry("198.18.0.100", "c");
    assertThat(p.immediate()).isEmpty();
  }

  @Test
  void removedMembersVipMovesAfterItsLease() {
    Placement.Plan p = Placement.plan(state(), Set.of("a", "c"), "a", m -> Health.ALIVE);
    assertThat(p.delayed()).containsEntry("198.18.0.100", "c");
  }

  @Test
  void restrictedVipMovesToTheNodeThatDeclaredItCanServeIt() {
    ElectionState s = state();
    s.apply(new Command.SetRestricted(Set.of("198.18.0.100")), 4);
    s.apply(new Command.SetServable("c", Set.of("198.18.0.100")), 5);
    Placement.Plan p = Placement.plan(s, M, "a", m -> Health.ALIVE);
    // b is alive and holds the lease: c waits it out
    assertThat(p.delayed()).containsEntry("198.18.0.100", "c");
    assertThat(p.immediate()).isEmpty();
  }
}
