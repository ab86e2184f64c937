package io.fulcrum.election.lease;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.election.lease.FailureDetector.Health;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FailureDetectorTest {
  private static final long MS = 1_000_000L;
  private static final Set<String> ALL = Set.of("a", "b", "c");

  @Test
  void graceCoversLeaseHeartbeatAndMarginBeyondTheRaftLease() {
    // leader lease 270, heartbeat 30, VIP lease 200, margin 50: 200 + 30 + 50 - 270 = 10
    assertThat(new FailureDetector(270 * MS, 30 * MS, 200 * MS, 50 * MS).graceNanos())
        .isEqualTo(10 * MS);
    // a long VIP lease (an agent may restart within it) means a long grace
    assertThat(new FailureDetector(270 * MS, 30 * MS, 8000 * MS, 50 * MS).graceNanos())
        .isEqualTo(7810 * MS);
    assertThat(new FailureDetector(270 * MS, 30 * MS, 100 * MS, 50 * MS).graceNanos()).isZero();
  }

  @Test
  void silentMemberIsSuspectThenDead() {
    FailureDetector d = new FailureDetector(270 * MS, 30 * MS, 200 * MS, 50 * MS);
    d.observe(ALL, ALL, 0);
    d.observe(ALL, Set.of("a", "c"), 100 * MS);
    assertThat(d.health("b", 105 * MS)).isEqualTo(Health.SUSPECT);
    assertThat(d.health("b", 110 * MS)).isEqualTo(Health.DEAD);
    assertThat(d.health("a", 110 * MS)).isEqualTo(Health.ALIVE);
  }

  @Test
  void memberAnsweringAgainIsAliveAndStartsOver() {
    FailureDetector d = new FailureDetector(270 * MS, 30 * MS, 1000 * MS, 50 * MS);
    d.observe(ALL, Set.of("a", "c"), 0);
    d.observe(ALL, ALL, 500 * MS);
    assertThat(d.health("b", 2000 * MS)).isEqualTo(Health.ALIVE);
    d.observe(ALL, Set.of("a", "c"), 2000 * MS);
    assertThat(d.health("b", 2500 * MS)).isEqualTo(Health.SUSPECT);
  }

  @Test
  void resetForgetsSilence() {
    FailureDetector d = new FailureDetector(270 * MS, 30 * MS, 200 * MS, 50 * MS);
    d.observe(ALL, Set.of("a"), 0);
    d.reset();
    assertThat(d.health("b", 1000 * MS)).isEqualTo(Health.ALIVE);
  }
}
