package io.fulcrum.election.lease;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.election.lease.FailureDetector.Health;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FailureDetectorTest {
  private static final long MS = 1_000_000L;
  private static final Set<String> ALL = Set.of("a", "b", "c");

  private static FailureDetector detector() {
    // VIP lease 200, alive window 180, margin 50: dead 250 ms after the last grant
    FailureDetector d = new FailureDetector(200 * MS, 180 * MS, 50 * MS);
    d.leaderStarted("a", ALL, 0);
    return d;
  }

  @Test
  void memberIsDeadOnlyOnceTheLastLeaseTheLeaderGrantedHasRunOut() {
    FailureDetector d = detector();
    d.granted("b", 100 * MS);
    assertThat(d.health("b", 200 * MS)).isEqualTo(Health.ALIVE);
    assertThat(d.health("b", 290 * MS)).isEqualTo(Health.SUSPECT);
    assertThat(d.health("b", 349 * MS)).isEqualTo(Health.SUSPECT);
    assertThat(d.health("b", 350 * MS)).isEqualTo(Health.DEAD);
  }

  @Test
  void anOlderGrantAnsweredLateDoesNotExtendAnything() {
    FailureDetector d = detector();
    d.granted("b", 300 * MS);
    d.granted("b", 200 * MS);
    assertThat(d.health("b", 549 * MS)).isEqualTo(Health.SUSPECT);
    assertThat(d.health("b", 550 * MS)).isEqualTo(Health.DEAD);
  }

  @Test
  void formerLeaderIsDeadAtOnceUnlessItRenewsWhileOthersKeepAWholeLease() {
    FailureDetector d = new FailureDetector(200 * MS, 180 * MS, 50 * MS);
    d.leaderStarted("b", ALL, 1000 * MS);
    d.formerLeaderGone("a", 1000 * MS);
    assertThat(d.health("a", 1000 * MS)).isEqualTo(Health.DEAD);
    assertThat(d.health("c", 1000 * MS)).isEqualTo(Health.ALIVE);
    assertThat(d.health("c", 1249 * MS)).isEqualTo(Health.SUSPECT);
    // alive after all: its renewal through the new leader counts as usual
    d.granted("a", 1010 * MS);
    assertThat(d.health("a", 1020 * MS)).isEqualTo(Health.ALIVE);
    // never this leader itself, nor a member it does not know
    d.formerLeaderGone("b", 1000 * MS);
    d.formerLeaderGone("z", 1000 * MS);
    assertThat(d.health("b", 1000 * MS)).isEqualTo(Health.ALIVE);
    assertThat(d.health("z", 1000 * MS)).isEqualTo(Health.SUSPECT);
  }

  @Test
  void newLeaderCountsEveryMemberAsJustGranted() {
    FailureDetector d = new FailureDetector(200 * MS, 180 * MS, 50 * MS);
    d.leaderStarted("a", ALL, 1000 * MS);
    assertThat(d.health("c", 1100 * MS)).isEqualTo(Health.ALIVE);
    assertThat(d.health("c", 1249 * MS)).isEqualTo(Health.SUSPECT);
    assertThat(d.health("c", 1250 * MS)).isEqualTo(Health.DEAD);
  }

  @Test
  void leaderIsNeverJudgedAndNewMembersStartGranted() {
    FailureDetector d = detector();
    assertThat(d.health("a", 10_000 * MS)).isEqualTo(Health.ALIVE);
    d.observeMembers(Set.of("a", "b", "c", "d"), 5000 * MS);
    assertThat(d.health("d", 5100 * MS)).isEqualTo(Health.ALIVE);
    assertThat(d.health("d", 5250 * MS)).isEqualTo(Health.DEAD);
    assertThat(d.health("x", 5000 * MS)).as("unknown member").isEqualTo(Health.SUSPECT);
  }

  @Test
  void longLeaseMeansLongWaitBeforeDead() {
    FailureDetector d = new FailureDetector(15_000 * MS, 500 * MS, 50 * MS);
    d.leaderStarted("a", ALL, 0);
    d.granted("b", 1000 * MS);
    assertThat(d.health("b", 9000 * MS)).isEqualTo(Health.SUSPECT);
    assertThat(d.health("b", 16_050 * MS)).isEqualTo(Health.DEAD);
  }

  @Test
  void grantInFlightWhileTheLeaderFencedTheMemberIsRefused() {
    FailureDetector d = detector();
    d.granted("b", 100 * MS);
    // request received at 340, still in its ReadIndex round when the leader declares b dead
    assertThat(d.fenceIfDead(Set.of("b"), 350 * MS)).isTrue();
    assertThat(d.grantIfAllowed("b", 340 * MS)).isFalse();
    d.unfence(Set.of("b"), 400 * MS);
    assertThat(d.grantIfAllowed("b", 390 * MS)).as("received before the move committed").isFalse();
    assertThat(d.grantIfAllowed("b", 410 * MS)).isTrue();
    assertThat(d.health("b", 420 * MS)).isEqualTo(Health.ALIVE);
  }

  @Test
  void aGrantRecordedFirstStopsTheFence() {
    FailureDetector d = detector();
    d.granted("b", 100 * MS);
    assertThat(d.grantIfAllowed("b", 340 * MS)).isTrue();
    assertThat(d.fenceIfDead(Set.of("b"), 350 * MS)).isFalse();
    assertThat(d.fenceIfDead(Set.of(), 350 * MS)).isTrue();
  }
}
