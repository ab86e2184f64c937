package io.fulcrum.healthcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CheckSettingsTest {

  @Test
  void defaultsMatchCommonPractice() {
    CheckSettings s = CheckSettings.builder().build();
    assertThat(s.type()).isEqualTo(CheckType.TCP);
    assertThat(s.interval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(s.rise()).isEqualTo(2);
    assertThat(s.fall()).isEqualTo(3);
    assertThat(s.jitter()).isEqualTo(1.0);
    assertThat(s.method()).isEqualTo("GET");
    assertThat(s.path()).isEqualTo("/");
    assertThat(s.tlsVerify()).isTrue();
    assertThat(s.detectionBound()).isEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void refusesEveryBadValueInOneMessage() {
    assertThatThrownBy(
            () ->
                CheckSettings.builder()
                    .port(70000)
                    .interval(Duration.ofMillis(10))
                    .rise(0)
                    .fall(101)
                    .jitter(1.5)
                    .build())
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining("port 70000 out of range")
        .hasMessageContaining("interval PT0.01S out of range")
        .hasMessageContaining("rise 0 out of range")
        .hasMessageContaining("fall 101 out of range")
        .hasMessageContaining("jitter 1.5 out of range");
  }

  @Test
  void refusesTimeoutLongerThanInterval() {
    assertThatThrownBy(
            () ->
                CheckSettings.builder()
                    .interval(Duration.ofSeconds(1))
                    .timeout(Duration.ofSeconds(2))
                    .build())
        .hasMessageContaining("timeout 2000ms longer than interval 1000ms");
    assertThatThrownBy(() -> CheckSettings.builder().timeout(Duration.ZERO).build())
        .hasMessageContaining("must be positive");
  }

  @Test
  void refusesBadHttpSettings() {
    assertThatThrownBy(
            () ->
                CheckSettings.builder()
                    .type(CheckType.HTTPS)
                    .method("get it")
                    .path("health")
                    .host("a b")
                    .sni("bad name!")
                    .caFile(Path.of("/nonexistent/ca.pem"))
                    .build())
        .hasMessageContaining("method 'get it'")
        .hasMessageContaining("path 'health' must start with '/'")
        .hasMessageContaining("host header 'a b'")
        .hasMessageContaining("sni 'bad name!'")
        .hasMessageContaining("CA file /nonexistent/ca.pem is not readable");
  }

  @Test
  void httpFieldsAreIgnoredForOtherTypes() {
    CheckSettings s = CheckSettings.builder().type(CheckType.TCP).path("no-slash").build();
    assertThat(s.path()).isEqualTo("no-slash");
  }

  @Test
  void backendOverridesReplaceOnlyTheirFields() {
    CheckSettings service =
        CheckSettings.builder().type(CheckType.HTTP).path("/healthz").rise(3).build();
    CheckSettings backend =
        service.with(new CheckOverrides(null, 8081, Duration.ofSeconds(5), null, null, 2, 0.5));
    assertThat(backend.type()).isEqualTo(CheckType.HTTP);
    assertThat(backend.path()).isEqualTo("/healthz");
    assertThat(backend.port()).isEqualTo(8081);
    assertThat(backend.interval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(backend.rise()).isEqualTo(3);
    assertThat(backend.fall()).isEqualTo(2);
    assertThat(backend.jitter()).isEqualTo(0.5);
    assertThat(service.with(CheckOverrides.NONE)).isEqualTo(service);
  }

  @Test
  void overridesAreValidatedToo() {
    CheckSettings service = CheckSettings.builder().build();
    assertThatThrownBy(
            () ->
                service.with(
                    new CheckOverrides(null, null, null, Duration.ofSeconds(9), null, null, null)))
        .hasMessageContaining("longer than interval");
  }

  @Test
  void fastIntervalDefaultsToAQuarterOfTheIntervalWithinItsLimits() {
    assertThat(CheckSettings.builder().build().fastIntervalNanos())
        .isEqualTo(Duration.ofMillis(500).toNanos());
    assertThat(
            CheckSettings.builder()
                .interval(Duration.ofMillis(100))
                .timeout(Duration.ofMillis(50))
                .build()
                .fastIntervalNanos())
        .isEqualTo(Duration.ofMillis(50).toNanos()); // never below 50 ms
    assertThat(
            CheckSettings.builder()
                .interval(Duration.ofMillis(50))
                .timeout(Duration.ofMillis(20))
                .build()
                .fastIntervalNanos())
        .isEqualTo(Duration.ofMillis(50).toNanos());
    CheckSettings set = CheckSettings.builder().fastInterval(Duration.ofMillis(300)).build();
    assertThat(set.fastIntervalNanos()).isEqualTo(Duration.ofMillis(300).toNanos());
    // a value above the interval acts as the interval; it follows a later interval change
    assertThat(set.toBuilder().interval(Duration.ofMillis(200)).timeout(Duration.ofMillis(100)))
        .satisfies(
            b ->
                assertThat(b.build().fastIntervalNanos())
                    .isEqualTo(Duration.ofMillis(200).toNanos()));
    assertThat(CheckSettings.builder().build().toBuilder().interval(Duration.ofSeconds(8)).build())
        .satisfies(
            s -> assertThat(s.fastIntervalNanos()).isEqualTo(Duration.ofSeconds(2).toNanos()));
  }

  @Test
  void fastIntervalOutOfRangeIsRefusedAndOverridable() {
    assertThatThrownBy(() -> CheckSettings.builder().fastInterval(Duration.ofMillis(10)).build())
        .hasMessageContaining("fastInterval PT0.01S out of range (50ms to 1h)");
    CheckSettings backend =
        CheckSettings.builder()
            .build()
            .with(
                new CheckOverrides(
                    null, null, null, Duration.ofMillis(100), null, null, null, null));
    assertThat(backend.fastInterval()).isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void typeNamesParseWithAClearError() {
    assertThat(CheckType.parse("HTTPS")).isEqualTo(CheckType.HTTPS);
    assertThatThrownBy(() -> CheckType.parse("icmp"))
        .hasMessageContaining("unknown check type 'icmp'")
        .hasMessageContaining("ping, tcp, udp, sctp, http, https");
  }

  @Test
  void targetNeedsAPortExceptForPing() {
    CheckSettings tcp = CheckSettings.builder().build();
    assertThatThrownBy(() -> new TargetSpec("198.18.0.2", 0, tcp))
        .hasMessageContaining("a tcp check needs a port");
    assertThat(new TargetSpec("198.18.0.2", 80, tcp).probePort()).isEqualTo(80);
    assertThat(new TargetSpec("198.18.0.2", 80, tcp.toBuilder().port(8080).build()).probePort())
        .isEqualTo(8080);
    CheckSettings ping = CheckSettings.builder().type(CheckType.PING).build();
    assertThat(new TargetSpec("2001:db8::2", 0, ping).probePort()).isZero();
    assertThatThrownBy(() -> new TargetSpec("bad host", 80, tcp)).hasMessageContaining("spaces");
  }

  @Test
  void targetHostsAreLiteralsOrNames() {
    CheckSettings tcp = CheckSettings.builder().build();
    assertThat(new TargetSpec("198.18.0.2", 80, tcp).literalAddress()).isNotNull();
    assertThat(new TargetSpec("[2001:db8::2]", 80, tcp).literalAddress()).isNotNull();
    assertThat(new TargetSpec("backend.example", 80, tcp).literalAddress()).isNull();
  }

  @Test
  void servicePolicyDefaultsKeepFlowsAndDropWhenAllDown() {
    assertThat(ServiceHealthPolicy.DEFAULT.downFlows())
        .isEqualTo(ServiceHealthPolicy.DownFlows.KEEP);
    assertThat(ServiceHealthPolicy.DEFAULT.allDown()).isEqualTo(ServiceHealthPolicy.AllDown.DROP);
    assertThatThrownBy(() -> new ServiceHealthPolicy(null, null))
        .isInstanceOf(InvalidSettingsException.class);
  }
}
