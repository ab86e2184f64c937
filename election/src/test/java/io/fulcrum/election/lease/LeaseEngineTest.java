package io.fulcrum.election.lease;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LeaseEngineTest {
  private static final long MS = 1_000_000L;
  private static final String VIP = "198.18.0.100";

  private static LeaseEngine readyEngine() {
    LeaseEngine e = new LeaseEngine(200 * MS);
    e.setReady(true);
    return e;
  }

  @Test
  void ownerAnswersUntilConfirmationPlusLease() {
    LeaseEngine e = readyEngine();
    e.gainedOwnership(VIP, 0, 1000 * MS);
    e.quorumConfirmed(1000 * MS);
    LeaseEngine.Actions a = e.tick(1001 * MS);
    assertThat(a.grants()).containsExactly(Map.entry(VIP, 1200 * MS));
    assertThat(a.gained()).containsExactly(VIP);
  }

  @Test
  void withoutQuorumConfirmationNothingIsGranted() {
    LeaseEngine e = readyEngine();
    e.gainedOwnership(VIP, 0, 0);
    assertThat(e.tick(10 * MS).isEmpty()).isTrue();
  }

  @Test
  void nodeThatLosesTheMajorityFallsSilentWhenItsLeaseRunsOut() {
    LeaseEngine e = readyEngine();
    e.gainedOwnership(VIP, 0, 0);
    e.quorumConfirmed(0);
    e.tick(1 * MS);
    e.quorumConfirmed(50 * MS); // last renewal; then the majority is gone
    assertThat(e.tick(60 * MS).grants()).containsEntry(VIP, 250 * MS);
    assertThat(e.tick(249 * MS).isEmpty()).isTrue();
    LeaseEngine.Actions a = e.tick(250 * MS);
    assertThat(a.revokes()).containsExactly(VIP);
    assertThat(a.lost()).containsExactly(VIP);
    assertThat(e.granted()).isEmpty();
  }

  @Test
  void newOwnerWaitsOutTheTakeoverDelay() {
    LeaseEngine e = readyEngine();
    e.gainedOwnership(VIP, 250 * MS, 100 * MS);
    e.quorumConfirmed(200 * MS);
    assertThat(e.tick(349 * MS).isEmpty()).isTrue();
    e.quorumConfirmed(340 * MS);
    assertThat(e.tick(350 * MS).gained()).containsExactly(VIP);
  }

  @Test
  void losingOwnershipRevokesAtOnce() {
    LeaseEngine e = readyEngine();
    e.gainedOwnership(VIP, 0, 0);
    e.quorumConfirmed(0);
    e.tick(1 * MS);
    e.lostOwnership(VIP);
    LeaseEngine.Actions a = e.tick(2 * MS);
    assertThat(a.revokes()).containsExactly(VIP);
    assertThat(a.lost()).containsExactly(VIP);
  }

  @Test
  void unreadyNodeStopsAnswering() {
    LeaseEngine e = readyEngine();
    e.gainedOwnership(VIP, 0, 0);
    e.quorumConfirmed(0);
    e.tick(1 * MS);
    e.setReady(false);
    assertThat(e.tick(2 * MS).revokes()).containsExactly(VIP);
  }

  @Test
  void olderConfirmationNeverShortensOrExtendsBackwards() {
    LeaseEngine e = readyEngine();
    e.gainedOwnership(VIP, 0, 0);
    e.quorumConfirmed(100 * MS);
    e.quorumConfirmed(50 * MS); // a slow round finishing late
    assertThat(e.tick(101 * MS).grants()).containsEntry(VIP, 300 * MS);
  }

  @Test
  void renewalsMoveTheDeadlineWithoutANewGain() {
    LeaseEngine e = readyEngine();
    e.gainedOwnership(VIP, 0, 0);
    e.quorumConfirmed(0);
    e.tick(1 * MS);
    e.quorumConfirmed(50 * MS);
    LeaseEngine.Actions a = e.tick(51 * MS);
    assertThat(a.grants()).containsEntry(VIP, 250 * MS);
    assertThat(a.gained()).isEmpty();
  }

  @Test
  void restartedNodeKeepsOwnershipFromItsSnapshotWithoutDelayForOldAssignments() {
    LeaseEngine e = readyEngine();
    e.resetOwnership(Map.of(VIP, 0L), 500 * MS);
    e.quorumConfirmed(501 * MS);
    assertThat(e.tick(502 * MS).gained()).containsExactly(VIP);
  }
}
