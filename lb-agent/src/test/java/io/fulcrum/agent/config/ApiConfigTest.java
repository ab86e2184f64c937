package io.fulcrum.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ApiConfigTest {
  static final String BASE = "dataplane: {interfaces: [eth0]}\n";

  static AgentConfig parse(String yaml) throws ConfigException {
    return ConfigParser.parse(yaml.getBytes(StandardCharsets.UTF_8), "t.yaml");
  }

  @Test
  void withoutSectionTheApiIsDisabledOnLoopback7480() throws Exception {
    ApiSettings a = parse(BASE).api();
    assertThat(a.enabled()).isFalse();
    assertThat(a.listen().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
    assertThat(a.listen().getPort()).isEqualTo(7480);
    assertThat(parse(BASE).reserved()).doesNotContainKey("api");
  }

  @Test
  void enabledSectionIsBoundWithTls() throws Exception {
    ApiSettings a =
        parse(
                BASE
                    + "api:\n  enabled: true\n  listen: 127.0.0.1:9000\n"
                    + "  tokenFile: /etc/fulcrum/token\n  stateDir: /tmp/st\n"
                    + "  tls: {keyStore: /etc/ks.p12, passwordFile: /etc/ks.pw}\n")
            .api();
    assertThat(a.enabled()).isTrue();
    assertThat(a.listen().getPort()).isEqualTo(9000);
    assertThat(a.tokenFile()).isEqualTo(Path.of("/etc/fulcrum/token"));
    assertThat(a.stateDir()).isEqualTo(Path.of("/tmp/st"));
    assertThat(a.tls().keyStoreType()).isEqualTo("PKCS12");
    assertThat(a.toApiConfig().port()).isEqualTo(9000);
    assertThat(a.toApiConfig().host()).isEqualTo("127.0.0.1");
  }

  @Test
  void badValuesAreRefusedWithFileLineAndField() {
    assertThatThrownBy(
            () ->
                parse(
                    BASE
                        + "api:\n  enabled: true\n  listen: nowhere\n  bogus: 1\n"
                        + "  tls: {keyStoreType: pem}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("t.yaml:3")
        .hasMessageContaining("api.listen: must be address:port")
        .hasMessageContaining("api.tokenFile")
        .hasMessageContaining("bogus")
        .hasMessageContaining("api.tls.keyStore")
        .hasMessageContaining("api.tls.keyStoreType: must be one of");
  }
}
