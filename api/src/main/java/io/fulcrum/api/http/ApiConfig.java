package io.fulcrum.api.http;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Settings of the REST API server.
 *
 * @param host listen address; loopback unless set
 * @param port listen port; 0 picks a free one (see {@link ApiServer#port()})
 * @param tokenFile file holding the bearer token (its first line, trimmed)
 * @param tls TLS settings, or null for plain HTTP
 * @param maxBodyBytes largest request body accepted
 */
public record ApiConfig(String host, int port, Path tokenFile, Tls tls, int maxBodyBytes) {
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 7480;
  public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;

  public ApiConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(tokenFile, "tokenFile");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, was " + port);
    }
    if (maxBodyBytes < 1024) {
      throw new IllegalArgumentException("maxBodyBytes must be at least 1024");
    }
  }

  /** Loopback, default port, no TLS, default body limit. */
  public static ApiConfig defaults(Path tokenFile) {
    return new ApiConfig(DEFAULT_HOST, DEFAULT_PORT, tokenFile, null, DEFAULT_MAX_BODY_BYTES);
  }

  public ApiConfig withPort(int p) {
    return new ApiConfig(host, p, tokenFile, tls, maxBodyBytes);
  }

  public ApiConfig withHost(String h) {
    return new ApiConfig(h, port, tokenFile, tls, maxBodyBytes);
  }

  public ApiConfig withTls(Tls t) {
    return new ApiConfig(host, port, tokenFile, t, maxBodyBytes);
  }

  public ApiConfig withMaxBodyBytes(int max) {
    return new ApiConfig(host, port, tokenFile, tls, max);
  }

  /**
   * TLS from a key store holding the server's key and certificate chain.
   *
   * @param keyStore PKCS12 (or JKS) file
   * @param keyStoreType {@code PKCS12} or {@code JKS}
   * @param passwordFile file holding the key store password (first line, trimmed)
   */
  public record Tls(Path keyStore, String keyStoreType, Path passwordFile) {
    public Tls {
      Objects.requireNonNull(keyStore, "keyStore");
      Objects.requireNonNull(keyStoreType, "keyStoreType");
      Objects.requireNonNull(passwordFile, "passwordFile");
    }
  }
}
