package io.fulcrum.agent.config;

import java.net.InetSocketAddress;

/** The {@code metrics} section: whether and where {@code /metrics} is served. */
public record MetricsSettings(boolean enabled, InetSocketAddress listen) {
  public static final int DEFAULT_PORT = 9469;
}
