package io.fulcrum.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.healthcheck.CheckType;
import io.fulcrum.healthcheck.ServiceHealthPolicy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HealthcheckConfigTest {
  static final String BASE =
      "dataplane: {interfaces: [eth0], snatAddresses: [198.18.0.1]}\n"
          + "services:\n"
          + "  - {name: web, vip: 198.18.100.1, port: 80, backends: "
          + "[{address: 198.18.0.2, port: 8080}, {address: 198.18.0.3, port: 8080}]}\n";

  static AgentConfig parse(String yaml) throws ConfigException {
    return ConfigParser.parse(yaml.getBytes(StandardCharsets.UTF_8), "t.yaml");
  }

  @Test
  void serviceSettingsPolicyAndBackendOverridesAreBound() throws Exception {
    AgentConfig c =
        parse(
            BASE
                + "healthcheck:\n  services:\n    web:\n      type: http\n      path: /healthz\n"
                + "      interval: 500ms\n      timeout: 200ms\n      fall: 2\n      jitter: 0.5\n"
                + "      fastInterval: 200ms\n"
                + "      downFlows: flush\n      allDown: fail_open\n"
                + "      backends: {\"198.18.0.3:8080\": {port: 8081, fastInterval: 100ms}}\n");
    HealthcheckSettings.ServiceCheck web = c.healthcheck().services().get("web");
    assertThat(web.settings().type()).isEqualTo(CheckType.HTTP);
    assertThat(web.settings().path()).isEqualTo("/healthz");
    assertThat(web.settings().interval()).isEqualTo(Duration.ofMillis(500));
    assertThat(web.settings().fall()).isEqualTo(2);
    assertThat(web.settings().jitter()).isEqualTo(0.5);
    assertThat(web.policy())
        .isEqualTo(
            new ServiceHealthPolicy(
                ServiceHealthPolicy.DownFlows.FLUSH, ServiceHealthPolicy.AllDown.FAIL_OPEN));
    InetSocketAddress b3 = new InetSocketAddress(InetAddress.getByName("198.18.0.3"), 8080);
    assertThat(web.forBackend(b3).port()).isEqualTo(8081);
    assertThat(web.settings().fastInterval()).isEqualTo(Duration.ofMillis(200));
    assertThat(web.forBackend(b3).fastInterval()).isEqualTo(Duration.ofMillis(100));
    assertThat(c.reserved()).doesNotContainKey("healthcheck");
  }

  @Test
  void noSectionMeansNoChecksAndDefaultPolicyIsKeepAndDrop() throws Exception {
    assertThat(parse(BASE).healthcheck().services()).isEmpty();
    AgentConfig c = parse(BASE + "healthcheck: {services: {web: {}}}\n");
    assertThat(c.healthcheck().services().get("web").policy())
        .isEqualTo(ServiceHealthPolicy.DEFAULT);
    assertThat(c.healthcheck().services().get("web").settings().type()).isEqualTo(CheckType.TCP);
  }

  @Test
  void tcpChecksAreHalfOpenUnlessTurnedOff() throws Exception {
    assertThat(parse(BASE).healthcheck().tcpHalfOpen()).isTrue();
    assertThat(parse(BASE + "healthcheck: {services: {web: {}}}\n").healthcheck().tcpHalfOpen())
        .isTrue();
    AgentConfig off = parse(BASE + "healthcheck: {tcpHalfOpen: false, services: {web: {}}}\n");
    assertThat(off.healthcheck().tcpHalfOpen()).isFalse();
    assertThat(off.healthcheck().services()).containsKey("web");
    assertThat(parse(BASE + "healthcheck: {tcpHalfOpen: false}\n").healthcheck().tcpHalfOpen())
        .isFalse();
    assertThatThrownBy(() -> parse(BASE + "healthcheck: {tcpHalfOpen: sometimes}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("healthcheck.tcpHalfOpen: must be true or false");
  }

  @Test
  void badSettingsAreRefusedWithFileLineAndField() {
    assertThatThrownBy(
            () ->
                parse(
                    BASE
                        + "healthcheck:\n  services:\n    web:\n      interval: 1s\n"
                        + "      timeout: 3s\n      rise: 0\n"
                        + "    nope: {type: tcp}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("t.yaml:9")
        .hasMessageContaining("healthcheck.services.web.rise: must be between 1 and 100")
        .hasMessageContaining("healthcheck.services.nope: no service named 'nope'");
    assertThatThrownBy(
            () -> parse(BASE + "healthcheck:\n  services:\n    web: {interval: 1s, timeout: 3s}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("healthcheck.services.web")
        .hasMessageContaining("longer than interval");
    assertThatThrownBy(
            () ->
                parse(
                    BASE + "healthcheck: {services: {web: {backends: {\"198.18.0.9:80\": {}}}}}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("is not a backend (address:port) of service web");
  }
}
