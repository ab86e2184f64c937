package io.fulcrum.healthcheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ProbeScheduleTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void thousandsOfTargetsSpreadEvenlyOverTheInterval() {
    SplittableRandom random = new SplittableRandom(42);
    int targets = 10_000;
    int buckets = 20;
    int[] counts = new int[buckets];
    for (int i = 0; i < targets; i++) {
      long d = ProbeSchedule.firstDelayNanos(SECOND, 1.0, random);
      assertThat(d).isBetween(0L, SECOND - 1);
      counts[(int) (d * buckets / SECOND)]++;
    }
    int mean = targets / buckets;
    for (int c : counts) {
      assertThat(c).isBetween(mean * 80 / 100, mean * 120 / 100);
    }
  }

  @Test
  void jitterLimitsTheFirstPhase() {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 1000; i++) {
      assertThat(ProbeSchedule.firstDelayNanos(SECOND, 0.25, random)).isLessThan(SECOND / 4);
    }
    assertThat(ProbeSchedule.firstDelayNanos(SECOND, 0.0, random)).isZero();
  }

  @Test
  void probesRunAtAFixedRateWithoutDrift() {
    long due = 500;
    // the previous probe ran late (now is past its slot): the next slot stays on the grid
    assertThat(ProbeSchedule.nextDue(due, due + 30, SECOND)).isEqualTo(due + SECOND);
  }

  @Test
  void missedSlotsAreSkippedNotBurst() {
    long due = 0;
    long now = 3 * SECOND + 1;
    assertThat(ProbeSchedule.nextDue(due, now, SECOND)).isEqualTo(4 * SECOND);
    assertThat(ProbeSchedule.nextDue(due, 3 * SECOND, SECOND)).isEqualTo(4 * SECOND);
  }
}
