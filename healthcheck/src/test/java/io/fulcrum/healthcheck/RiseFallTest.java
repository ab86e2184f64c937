package io.fulcrum.healthcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RiseFallTest {

  @Test
  void firstResultDecidesAtOnce() {
    RiseFall up = new RiseFall(3, 3);
    assertThat(up.state()).isEqualTo(HealthState.UNKNOWN);
    assertThat(up.record(true)).isTrue();
    assertThat(up.state()).isEqualTo(HealthState.UP);

    RiseFall down = new RiseFall(3, 3);
    assertThat(down.record(false)).isTrue();
    assertThat(down.state()).isEqualTo(HealthState.DOWN);
  }

  @Test
  void upGoesDownOnlyAfterFallConsecutiveFailures() {
    RiseFall m = new RiseFall(2, 3);
    m.record(true);
    assertThat(m.record(false)).isFalse();
    assertThat(m.record(false)).isFalse();
    assertThat(m.record(true)).isFalse(); // a success breaks the run
    assertThat(m.record(false)).isFalse();
    assertThat(m.record(false)).isFalse();
    assertThat(m.record(false)).isTrue();
    assertThat(m.state()).isEqualTo(HealthState.DOWN);
    assertThat(m.consecutiveFailures()).isEqualTo(3);
  }

  @Test
  void downComesBackOnlyAfterRiseConsecutiveSuccesses() {
    RiseFall m = new RiseFall(2, 1);
    m.record(false);
    assertThat(m.record(true)).isFalse();
    assertThat(m.record(false)).isFalse();
    assertThat(m.record(true)).isFalse();
    assertThat(m.record(true)).isTrue();
    assertThat(m.state()).isEqualTo(HealthState.UP);
  }

  @Test
  void fallOfOneFlipsOnFirstFailure() {
    RiseFall m = new RiseFall(1, 1);
    m.record(true);
    assertThat(m.record(false)).isTrue();
    assertThat(m.record(true)).isTrue();
  }

  @Test
  void thresholdsBelowOneAreRefused() {
    assertThatThrownBy(() -> new RiseFall(0, 1)).isInstanceOf(InvalidSettingsException.class);
  }

  @Test
  void aRunThatMayChangeTheStateIsATransition() {
    RiseFall m = new RiseFall(2, 3, HealthState.UP);
    assertThat(m.inTransition()).isFalse();
    m.record(false);
    assertThat(m.inTransition()).isTrue();
    m.record(false);
    m.record(false); // DOWN now, no success yet
    assertThat(m.state()).isEqualTo(HealthState.DOWN);
    assertThat(m.inTransition()).isFalse();
    m.record(true);
    assertThat(m.inTransition()).isTrue();
    m.record(true); // UP
    assertThat(m.inTransition()).isFalse();
    assertThat(new RiseFall(2, 3).inTransition()).isFalse(); // UNKNOWN decides at once
  }
}
