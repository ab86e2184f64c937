package io.fulcrum.agent.config;

import io.fulcrum.api.http.ApiConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * The validated {@code api} section: whether the agent serves the REST API, where, and with which
 * token, runtime-state directory and (optional) TLS key store.
 *
 * @param tokenFile null only when disabled
 * @param tls null for plain HTTP
 */
public record ApiSettings(
    boolean enabled,
    InetSocketAddress listen,
    Path tokenFile,
    Path stateDir,
    ApiConfig.Tls tls,
    int maxBodyBytes) {
  public static final Path DEFAULT_STATE_DIR = Path.of("/var/lib/fulcrum/api");
  public static final ApiSettings DISABLED =
      new ApiSettings(
          false,
          new InetSocketAddress(InetAddress.getLoopbackAddress(), ApiConfig.DEFAULT_PORT),
          null,
          DEFAULT_STATE_DIR,
          null,
          ApiConfig.DEFAULT_MAX_BODY_BYTES);

  /** The server's settings; only meaningful when enabled. */
  public ApiConfig toApiConfig() {
    return new ApiConfig(
        listen.getAddress().getHostAddress(), listen.getPort(), tokenFile, tls, maxBodyBytes);
  }
}
