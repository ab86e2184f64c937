package io.fulcrum.healthcheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The per-target schedule driven by a simulated clock: a target probed by {@link TargetSchedule}
 * and judged by {@link RiseFall} exactly as the engine does, with probes that succeed or fail after
 * a given time (a blackhole fails at the timeout, a reset after 1 ms), for break times at every
 * phase of the interval.
 */
class TargetScheduleTest {
  private static final long MS = 1_000_000L;
  private static final long RTT = MS;

  /** The benchmark's check: interval 1 s, timeout 500 ms, rise 2, fall 3. */
  private static CheckSettings bench(Duration fast) {
    return CheckSettings.builder()
        .interval(Duration.ofSeconds(1))
        .timeout(Duration.ofMillis(500))
        .rise(2)
        .fall(3)
        .fastInterval(fast)
        .build();
  }

  @Test
  void fastIntervalDetectsABlackholeWellWithinTheBound() {
    CheckSettings s = bench(null); // default: interval / 4 = 250 ms
    assertThat(s.fastIntervalNanos()).isEqualTo(250 * MS);
    long worst = worstDetection(s, true);
    // interval + (fall - 1) × max(fast, timeout) + timeout = 1,000 + 2 × 500 + 500
    assertThat(worst).isBetween(2_400 * MS, 2_500 * MS);
    assertThat(worst).isLessThan(s.detectionBound().toNanos() - 900 * MS);
  }

  @Test
  void fastIntervalDetectsARefusalInIntervalPlusTwoFastSlots() {
    CheckSettings s = bench(null);
    long worst = worstDetection(s, false);
    // interval + (fall - 1) × fast + the refusal's round trip = 1,000 + 2 × 250 + 1
    assertThat(worst).isBetween(1_450 * MS, 1_500 * MS + RTT);
  }

  @Test
  void withoutFastIntervalTheWorstCaseIsTheClassicBound() {
    CheckSettings s = bench(Duration.ofSeconds(1)); // fastInterval = interval: HAProxy's default
    long worst = worstDetection(s, true);
    assertThat(worst).isBetween(3_400 * MS, s.detectionBound().toNanos());
    assertThat(worstDetection(s, false)).isBetween(2_900 * MS, 3_000 * MS + RTT);
  }

  @Test
  void detectionNeverExceedsTheClassicBoundWhateverTheSettings() {
    SplittableRandom r = new SplittableRandom(5);
    for (int i = 0; i < 40; i++) {
      long interval = 50 + r.nextLong(2_000);
      long timeout = 1 + r.nextLong(interval);
      long fast = 50 + r.nextLong(interval);
      CheckSettings s =
          CheckSettings.builder()
              .interval(Duration.ofMillis(interval))
              .timeout(Duration.ofMillis(timeout))
              .fastInterval(Duration.ofMillis(fast))
              .fall(1 + r.nextInt(5))
              .rise(1 + r.nextInt(5))
              .build();
      long bound = s.detectionBound().toNanos();
      long fastBound = (interval + (s.fall() - 1) * Math.max(fast, timeout) + timeout) * MS + RTT;
      assertThat(worstDetection(s, true)).isLessThanOrEqualTo(Math.min(bound, fastBound));
      assertThat(worstDetection(s, false)).isLessThanOrEqualTo(Math.min(bound, fastBound));
    }
  }

  @Test
  void aDownTargetRisesAtTheFastInterval() {
    CheckSettings s = bench(null);
    long worst = 0;
    for (long repair = 0; repair < 1_000 * MS; repair += 7 * MS) {
      worst = Math.max(worst, run(s, HealthState.DOWN, 0, repair, false));
    }
    // interval + (rise - 1) × fast + round trip = 1,000 + 250 + 1, against 2,000 + 1 without
    assertThat(worst).isBetween(1_200 * MS, 1_250 * MS + RTT);
  }

  @Test
  void theSteadyStateProbesOncePerIntervalOnItsGrid() {
    TargetSchedule t = new TargetSchedule(bench(null));
    long now = 0;
    t.first(now, 0.0, new SplittableRandom(1));
    RiseFall rf = new RiseFall(2, 3, HealthState.UP);
    for (int i = 0; i < 100; i++) {
      long due = t.nextDue();
      assertThat(due).isEqualTo(i * 1_000 * MS);
      t.fired(due);
      rf.record(true);
      assertThat(t.resulted(due + RTT, rf.inTransition())).isFalse();
    }
  }

  @Test
  void aSingleFailureProbesOnceFastThenReturnsToTheInterval() {
    TargetSchedule t = new TargetSchedule(bench(null));
    t.first(0, 0.0, new SplittableRandom(1));
    RiseFall rf = new RiseFall(2, 3, HealthState.UP);
    t.fired(0);
    rf.record(false); // a refusal at 1 ms
    assertThat(t.resulted(RTT, rf.inTransition())).isTrue();
    assertThat(t.nextDue()).isEqualTo(250 * MS);
    t.fired(250 * MS);
    rf.record(true);
    assertThat(t.resulted(250 * MS + RTT, rf.inTransition())).isFalse();
    assertThat(t.nextDue()).isEqualTo(1_250 * MS);
  }

  @Test
  void afterATimeoutLongerThanTheFastIntervalTheNextProbeStartsAtOnce() {
    TargetSchedule t = new TargetSchedule(bench(null));
    t.first(0, 0.0, new SplittableRandom(1));
    RiseFall rf = new RiseFall(2, 3, HealthState.UP);
    t.fired(0);
    rf.record(false);
    assertThat(t.resulted(500 * MS, rf.inTransition())).isTrue();
    assertThat(t.nextDue()).isEqualTo(500 * MS);
  }

  /** The worst time from a break to DOWN over break times at every phase of the interval. */
  private static long worstDetection(CheckSettings s, boolean blackhole) {
    long worst = 0;
    long step = Math.max(1, s.interval().toNanos() / 137);
    for (long b = 0; b < s.interval().toNanos(); b += step) {
      worst = Math.max(worst, run(s, HealthState.UP, b, Long.MAX_VALUE, blackhole));
    }
    return worst;
  }

  /**
   * Simulates one target from time 0 (first probe at 0, phase 0) starting in {@code initial}; the
   * backend is broken from {@code breakAt} to {@code repairAt}. Returns the time from the break
   * (DOWN) or the repair (UP) to the state change.
   */
  private static long run(
      CheckSettings s, HealthState initial, long breakAt, long repairAt, boolean blackhole) {
    TargetSchedule t = new TargetSchedule(s);
    RiseFall rf = new RiseFall(s.rise(), s.fall(), initial);
    long timeout = s.timeout().toNanos();
    t.first(0, 0.0, new SplittableRandom(1));
    // the backend's health at time x: broken in [breakAt, repairAt)
    for (int probes = 0; probes < 1_000; probes++) {
      long start = t.nextDue();
      t.fired(start);
      boolean broken = start >= breakAt && start < repairAt;
      long end = broken ? start + (blackhole ? timeout : RTT) : start + RTT;
      if (rf.record(!broken)) {
        return rf.state() == HealthState.DOWN ? end - breakAt : end - repairAt;
      }
      t.resulted(end, rf.inTransition());
      assertThat(t.nextDue()).isGreaterThanOrEqualTo(end); // probes never overlap
    }
    throw new AssertionError("no state change");
  }
}
