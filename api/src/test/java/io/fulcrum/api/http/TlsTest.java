package io.fulcrum.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.api.memory.InMemoryRuntimeSettingsStore;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** With TLS on, the API answers over HTTPS with a key store made by the JDK's keytool. */
class TlsTest {
  final Path dir;

  TlsTest() throws Exception {
    dir = Files.createTempDirectory("fulcrum-tls");
  }

  @AfterEach
  void cleanup() throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  static void run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
  }

  /** Makes a PKCS12 key store for 127.0.0.1 and returns the certificate's PEM file. */
  static Path makeKeyStore(Path dir) throws Exception {
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    Path ks = dir.resolve("api.p12");
    run(
        keytool,
        "-genkeypair",
        "-alias",
        "api",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=fulcrum-test",
        "-ext",
        "SAN=ip:127.0.0.1",
        "-validity",
        "2",
        "-keystore",
        ks.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        "test-pass",
        "-keypass",
        "test-pass");
    Path pem = dir.resolve("api.pem");
    run(
        keytool,
        "-exportcert",
        "-rfc",
        "-alias",
        "api",
        "-keystore",
        ks.toString(),
        "-storepass",
        "test-pass",
        "-file",
        pem.toString());
    Files.writeString(dir.resolve("password"), "test-pass\n");
    return pem;
  }

  static SSLContext trusting(Path pem) throws Exception {
    Certificate cert;
    try (InputStream in = Files.newInputStream(pem)) {
      cert = CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    trust.setCertificateEntry("api", cert);
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }

  @Test
  void apiAnswersOverHttpsAndStillNeedsTheToken() throws Exception {
    Path pem = makeKeyStore(dir);
    ApiConfig.Tls tls =
        new ApiConfig.Tls(dir.resolve("api.p12"), "PKCS12", dir.resolve("password"));
    try (ApiFixture api = new ApiFixture(new InMemoryRuntimeSettingsStore(), c -> c.withTls(tls))) {
      assertThat(api.server.baseUri().getScheme()).isEqualTo("https");
      HttpClient https =
          HttpClient.newBuilder()
              .sslContext(trusting(pem))
              .connectTimeout(Duration.ofSeconds(5))
              .build();
      URI services = api.uri("/api/v1/services");
      HttpResponse<String> ok =
          https.send(
              HttpRequest.newBuilder(services)
                  .header("Authorization", "Bearer " + ApiFixture.TOKEN)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.body()).contains("\"services\"");
      HttpResponse<String> anon =
          https.send(
              HttpRequest.newBuilder(services).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(anon.statusCode()).isEqualTo(401);
      // a client that does not trust the certificate cannot talk to it
      HttpClient untrusting = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      assertThatThrownBy(
              () ->
                  untrusting.send(
                      HttpRequest.newBuilder(services).build(),
                      HttpResponse.BodyHandlers.ofString()))
          .isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
    }
  }

  @Test
  void listenAddressDefaultsToLoopback() {
    ApiConfig c = ApiConfig.defaults(dir.resolve("token"));
    assertThat(c.host()).isEqualTo("127.0.0.1");
    assertThat(c.tls()).isNull();
  }
}
