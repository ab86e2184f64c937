package io.fulcrum.healthcheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TargetHealthTest {
  private final AtomicLong now = new AtomicLong(1_000);
  private final TargetKey key = new TargetKey("web", "198.18.0.2:80");
  private final TargetHealth health = new TargetHealth(key, 2, 3, now::get);

  private TargetStateChanged at(long nanos, boolean ok, String reason) {
    now.set(nanos);
    return health.record(new ProbeResult(ok, reason, 5));
  }

  @Test
  void startsUnknownAtTheClockTime() {
    TargetStatus s = health.status();
    assertThat(s.state()).isEqualTo(HealthState.UNKNOWN);
    assertThat(s.lastResult()).isNull();
    assertThat(s.sinceNanos()).isEqualTo(1_000);
  }

  @Test
  void changesCarryTheReasonAndTheClockTime() {
    TargetStateChanged up = at(2_000, true, "ok");
    assertThat(up)
        .isEqualTo(new TargetStateChanged(key, HealthState.UNKNOWN, HealthState.UP, "ok", 2_000));
    assertThat(at(3_000, false, "timeout")).isNull();
    assertThat(at(4_000, false, "refused")).isNull();
    TargetStateChanged down = at(5_000, false, "status 503");
    assertThat(down.from()).isEqualTo(HealthState.UP);
    assertThat(down.to()).isEqualTo(HealthState.DOWN);
    assertThat(down.reason()).isEqualTo("status 503");
    assertThat(down.atNanos()).isEqualTo(5_000);
    assertThat(down.up()).isFalse();
    TargetStatus s = health.status();
    assertThat(s.sinceNanos()).isEqualTo(5_000);
    assertThat(s.reason()).isEqualTo("status 503");
    assertThat(s.consecutiveFailures()).isEqualTo(3);
  }

  @Test
  void statusKeepsTheChangeReasonButShowsTheLastResult() {
    at(2_000, true, "ok");
    at(3_000, false, "timeout");
    TargetStatus s = health.status();
    assertThat(s.state()).isEqualTo(HealthState.UP);
    assertThat(s.reason()).isEqualTo("ok");
    assertThat(s.sinceNanos()).isEqualTo(2_000);
    assertThat(s.lastResult().reason()).isEqualTo("timeout");
    assertThat(s.consecutiveFailures()).isEqualTo(1);
  }

  @Test
  void reconfiguringKeepsTheStateAndRestartsTheRun() {
    at(2_000, true, "ok");
    at(3_000, false, "timeout");
    at(4_000, false, "timeout");
    health.reconfigure(1, 5); // one more failure would have been the third
    assertThat(health.status().state()).isEqualTo(HealthState.UP);
    assertThat(health.status().consecutiveFailures()).isZero();
    for (int i = 0; i < 4; i++) {
      assertThat(at(5_000 + i, false, "timeout")).isNull();
    }
    assertThat(at(9_000, false, "timeout").to()).isEqualTo(HealthState.DOWN);
    assertThat(at(10_000, true, "ok").to()).isEqualTo(HealthState.UP); // rise 1
  }
}
