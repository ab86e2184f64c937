package io.fulcrum.kubernetes.desired;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HealthAnnotationsTest {

  @Test
  void noHealthAnnotationMeansTheAgentDefault() {
    HealthAnnotations.Result r = HealthAnnotations.parse(Map.of("other", "x"));
    assertThat(r.valid()).isTrue();
    assertThat(r.settings()).isNull();
  }

  @Test
  void everyKeyIsParsed() {
    HealthAnnotations.Result r =
        HealthAnnotations.parse(
            Map.of(
                "health.fulcrum.io/type", "HTTPS",
                "health.fulcrum.io/interval", "1m",
                "health.fulcrum.io/timeout", "500ms",
                "health.fulcrum.io/rise", "1",
                "health.fulcrum.io/fall", "5",
                "health.fulcrum.io/port", "8443",
                "health.fulcrum.io/path", "/ready",
                "health.fulcrum.io/expected-status", "200,204-206"));
    assertThat(r.errors()).isEmpty();
    assertThat(r.settings())
        .isEqualTo(
            new HealthCheckSettings(
                "https",
                Duration.ofMinutes(1),
                Duration.ofMillis(500),
                1,
                5,
                8443,
                "/ready",
                "200,204-206"));
  }

  @Test
  void defaultsFillWhatIsNotSaid() {
    HealthCheckSettings s =
        HealthAnnotations.parse(Map.of("health.fulcrum.io/type", "tcp")).settings();
    assertThat(s.interval()).isEqualTo(HealthCheckSettings.DEFAULT_INTERVAL);
    assertThat(s.timeout()).isEqualTo(HealthCheckSettings.DEFAULT_TIMEOUT);
    assertThat(s.rise()).isEqualTo(2);
    assertThat(s.fall()).isEqualTo(3);
    assertThat(s.port()).isZero();
  }

  @Test
  void everyMistakeIsNamed() {
    HealthAnnotations.Result r =
        HealthAnnotations.parse(
            Map.of(
                "health.fulcrum.io/type", "gopher",
                "health.fulcrum.io/interval", "0s",
                "health.fulcrum.io/rise", "-1",
                "health.fulcrum.io/port", "70000",
                "health.fulcrum.io/path", "ready",
                "health.fulcrum.io/expected-status", "ok",
                "health.fulcrum.io/colour", "blue"));
    assertThat(r.valid()).isFalse();
    assertThat(r.settings()).isNull();
    assertThat(String.join("\n", r.errors()))
        .contains(
            "gopher",
            "interval",
            "rise",
            "port",
            "path",
            "expected-status",
            "health.fulcrum.io/colour");
  }

  @Test
  void timeoutLongerThanIntervalIsRefused() {
    assertThat(
            HealthAnnotations.parse(
                    Map.of("health.fulcrum.io/interval", "1s", "health.fulcrum.io/timeout", "2s"))
                .errors())
        .singleElement()
        .asString()
        .contains("must not exceed");
  }
}
