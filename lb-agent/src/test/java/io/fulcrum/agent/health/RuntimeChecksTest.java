package io.fulcrum.agent.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.agent.config.HealthcheckSettings;
import io.fulcrum.agent.testing.Specs;
import io.fulcrum.api.port.HealthCheckSettings;
import io.fulcrum.api.port.ProbeType;
import io.fulcrum.healthcheck.CheckOverrides;
import io.fulcrum.healthcheck.CheckSettings;
import io.fulcrum.healthcheck.CheckType;
import io.fulcrum.healthcheck.ServiceHealthPolicy;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The API's health-check settings over the configuration file's (pure). */
class RuntimeChecksTest {
  static final InetSocketAddress B1 = new InetSocketAddress(Specs.ip("198.18.1.2"), 8080);

  static HealthcheckSettings.ServiceCheck file(CheckSettings s) {
    return new HealthcheckSettings.ServiceCheck(
        s,
        Map.of(B1, new CheckOverrides(null, 8081, Duration.ofMillis(300), null, 5, null, 0.25)),
        new ServiceHealthPolicy(
            ServiceHealthPolicy.DownFlows.FLUSH, ServiceHealthPolicy.AllDown.FAIL_OPEN));
  }

  static final CheckSettings HTTP =
      CheckSettings.builder()
          .type(CheckType.HTTP)
          .method("HEAD")
          .host("shop.example")
          .path("/ready")
          .expectStatus("200,204")
          .build();

  static HealthCheckSettings api(HealthCheckSettings s, long interval, int statusMax) {
    return new HealthCheckSettings(
        s.type(),
        interval,
        s.timeoutMillis(),
        s.rise(),
        s.fall(),
        s.port(),
        s.path(),
        s.statusMin(),
        statusMax);
  }

  @Test
  void theApiFieldsReplaceTheFilesForEveryBackendAndTheRestIsKept() {
    HealthcheckSettings.ServiceCheck f = file(HTTP);
    HealthCheckSettings view = RuntimeChecks.view(f);
    assertThat(view.statusMin()).isEqualTo(200);
    assertThat(view.statusMax()).isEqualTo(204);
    HealthcheckSettings.ServiceCheck eff =
        RuntimeChecks.effective(f, api(view, 1500, view.statusMax()));
    CheckSettings b1 = eff.forBackend(B1);
    assertThat(b1.interval()).isEqualTo(Duration.ofMillis(1500));
    assertThat(b1.port()).isZero();
    assertThat(b1.rise()).isEqualTo(view.rise());
    assertThat(b1.jitter()).isEqualTo(0.25);
    assertThat(b1.method()).isEqualTo("HEAD");
    assertThat(b1.host()).isEqualTo("shop.example");
    assertThat(b1.expectStatus().toString())
        .as("unchanged range keeps the list")
        .isEqualTo("200,204");
    assertThat(eff.policy()).isEqualTo(f.policy());

    CheckSettings widened = RuntimeChecks.effective(f, api(view, 1500, 299)).forBackend(B1);
    assertThat(widened.expectStatus().toString()).isEqualTo("200-299");
  }

  @Test
  void noneTurnsProbingOffAndNoSettingsKeepTheFiles() {
    HealthcheckSettings.ServiceCheck f = file(HTTP);
    assertThat(RuntimeChecks.effective(f, RuntimeChecks.NOT_PROBED)).isNull();
    assertThat(RuntimeChecks.effective(f, null)).isSameAs(f);
    assertThat(RuntimeChecks.view(null).type()).isEqualTo(ProbeType.NONE);
    HealthcheckSettings.ServiceCheck on =
        RuntimeChecks.effective(null, api(HealthCheckSettings.DEFAULTS, 1500, 399));
    assertThat(on.settings().type()).isEqualTo(CheckType.TCP);
    assertThat(on.policy()).isEqualTo(ServiceHealthPolicy.DEFAULT);
  }

  @Test
  void whatTheEngineRefusesIsAViolation() {
    // the file's TCP check names a CA file (ignored for TCP); turning it into HTTPS needs it
    HealthcheckSettings.ServiceCheck f =
        new HealthcheckSettings.ServiceCheck(
            CheckSettings.builder().build(), Map.of(), ServiceHealthPolicy.DEFAULT);
    HealthCheckSettings httpsApi =
        new HealthCheckSettings(ProbeType.HTTPS, 1000, 500, 2, 3, 0, "/", 200, 399);
    assertThat(RuntimeChecks.violations(f, httpsApi)).isEmpty();
    HealthcheckSettings.ServiceCheck withCa =
        new HealthcheckSettings.ServiceCheck(
            CheckSettings.builder().caFile(Path.of("/nonexistent/ca.pem")).build(),
            Map.of(),
            ServiceHealthPolicy.DEFAULT);
    assertThat(RuntimeChecks.violations(withCa, httpsApi))
        .singleElement()
        .satisfies(v -> assertThat(v.message()).contains("CA file"));
    assertThat(
            RuntimeChecks.violations(
                withCa, new HealthCheckSettings(ProbeType.TCP, 50, 500, 2, 3, 0, "/", 200, 399)))
        .extracting(v -> v.field())
        .contains("intervalMillis", "timeoutMillis");
  }
}
