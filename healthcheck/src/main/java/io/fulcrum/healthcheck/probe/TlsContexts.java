package io.fulcrum.healthcheck.probe;

import io.fulcrum.healthcheck.CheckSettings;
import io.fulcrum.healthcheck.InvalidSettingsException;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLException;

/**
 * Client TLS contexts, one per (verify, CA file), shared by every target that uses them. With
 * verification on, the server certificate must chain to the CA file (or the JVM's trust store) and
 * match the SNI name or the address; with it off, any certificate is accepted.
 */
public final class TlsContexts {
  private record Key(boolean verify, Path caFile) {}

  private final Map<Key, SslContext> contexts = new ConcurrentHashMap<>();

  /** The context for these settings; a CA file that cannot be loaded is refused. */
  public SslContext forSettings(CheckSettings s) {
    Key key = new Key(s.tlsVerify(), s.tlsVerify() ? s.caFile() : null);
    SslContext existing = contexts.get(key);
    if (existing != null) {
      return existing;
    }
    SslContext built = build(key);
    SslContext raced = contexts.putIfAbsent(key, built);
    return Objects.requireNonNullElse(raced, built);
  }

  private static SslContext build(Key key) {
    try {
      SslContextBuilder b = SslContextBuilder.forClient().sslProvider(SslProvider.JDK);
      if (key.verify()) {
        if (key.caFile() != null) {
          b.trustManager(key.caFile().toFile());
        }
        b.endpointIdentificationAlgorithm("HTTPS");
      } else {
        b.trustManager(InsecureTrustManagerFactory.INSTANCE).endpointIdentificationAlgorithm(null);
      }
      return b.build();
    } catch (SSLException | IllegalArgumentException e) {
      throw new InvalidSettingsException(
          "CA file " + key.caFile() + " cannot be loaded: " + e.getMessage());
    }
  }
}
