package io.fulcrum.healthcheck.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.healthcheck.CheckSettings;
import io.fulcrum.healthcheck.CheckType;
import io.fulcrum.healthcheck.HealthState;
import io.fulcrum.healthcheck.InvalidSettingsException;
import io.fulcrum.healthcheck.TargetKey;
import io.fulcrum.healthcheck.TargetSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpsProbeIT extends NamespaceProbeBase {
  static Certs certs;

  @BeforeAll
  static void makeCerts() {
    // TLS handshakes cost tens of milliseconds of CPU on a busy two-core machine: longer timing
    interval = java.time.Duration.ofMillis(1000);
    timeout = java.time.Duration.ofMillis(800);
    certs = new Certs();
    warmUp();
  }

  @AfterAll
  static void dropCerts() {
    if (certs != null) {
      certs.close();
    }
  }

  /** Runs TLS handshakes for a few seconds so that the JIT has compiled the crypto paths. */
  private static void warmUp() {
    TestServers.Server s = servers.http(7300);
    s.behaviour.tls.set(certs.good);
    s.start();
    try {
      CheckSettings fast =
          CheckSettings.builder()
              .type(CheckType.HTTPS)
              .tlsVerify(true)
              .caFile(certs.caPem)
              .interval(java.time.Duration.ofMillis(100))
              .timeout(java.time.Duration.ofMillis(100))
              .build();
      for (int i = 0; i < 4; i++) {
        engine.upsert(
            new TargetKey("https-warm", "w" + i), new TargetSpec(Rig.SERVER_V4, 7300, fast));
      }
      Thread.sleep(4000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      for (int i = 0; i < 4; i++) {
        engine.remove(new TargetKey("https-warm", "w" + i));
      }
      s.kill();
    }
  }

  private static CheckSettings verified(boolean sni) {
    return settings(CheckType.HTTPS)
        .tlsVerify(true)
        .caFile(certs.caPem)
        .sni(sni ? Certs.NAME : null)
        .build();
  }

  @ParameterizedTest(name = "ipv4={0}")
  @ValueSource(booleans = {true, false})
  void untrustedCertificateIsATlsFailure(boolean ipv4) {
    int port = ipv4 ? 7301 : 7302;
    TestServers.Server s = servers.http(port);
    s.behaviour.tls.set(certs.good);
    s.start();
    try {
      // v4 sends SNI and verifies the name; v6 verifies the address in the certificate
      TargetKey key = watch("https-tls", ipv4, port, verified(ipv4));
      assertThat(s.behaviour.lastSni).isEqualTo(ipv4 ? Certs.NAME : null);
      TargetKey lax =
          watch("https-lax", ipv4, port, settings(CheckType.HTTPS).tlsVerify(false).build());
      breakAndRepair(
          key,
          () -> s.behaviour.tls.set(certs.rogue),
          () -> s.behaviour.tls.set(certs.good),
          "tls:");
      assertThat(events.of(lax)).hasSize(1); // never went down: verification off
      assertThat(engine.status(lax).orElseThrow().state()).isEqualTo(HealthState.UP);
    } finally {
      s.kill();
    }
  }

  @ParameterizedTest(name = "ipv4={0}")
  @ValueSource(booleans = {true, false})
  void killedServerIsRefused(boolean ipv4) {
    int port = ipv4 ? 7303 : 7304;
    TestServers.Server s = servers.http(port);
    s.behaviour.tls.set(certs.good);
    s.start();
    try {
      TargetKey key = watch("https-kill", ipv4, port, verified(true));
      breakAndRepair(key, s::kill, s::start, "refused");
    } finally {
      s.kill();
    }
  }

  @Test
  void unloadableCaFileIsRefusedAtRegistration() throws Exception {
    Path bogus = Files.createTempFile("not-a-ca", ".pem");
    try {
      Files.writeString(bogus, "this is no certificate\n");
      CheckSettings s = settings(CheckType.HTTPS).caFile(bogus).build();
      TargetKey key = new TargetKey("https-bad-ca", "x");
      assertThatThrownBy(() -> engine.upsert(key, new TargetSpec(Rig.SERVER_V4, 443, s)))
          .isInstanceOf(InvalidSettingsException.class)
          .hasMessageContaining("cannot be loaded");
      assertThat(engine.status(key)).isEmpty();
    } finally {
      Files.delete(bogus);
    }
  }
}
