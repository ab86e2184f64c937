package io.fulcrum.agent.config;

import java.util.List;
import java.util.Map;

/**
 * A validated agent configuration. Built only by {@link ConfigParser}; every field is checked.
 *
 * @param healthcheck the {@code healthcheck} section (which services are probed, and how)
 * @param api the {@code api} section (the REST server; disabled unless enabled)
 * @param reserved the sections other modules will own ({@code election}, {@code bgp}, {@code
 *     kubernetes}), accepted as plain maps for now
 */
public record AgentConfig(
    DataplaneSettings dataplane,
    List<ServiceConfig> services,
    MetricsSettings metrics,
    LogSettings log,
    HealthcheckSettings healthcheck,
    ApiSettings api,
    Map<String, Map<String, Object>> reserved) {

  /** Names of the reserved sections that are accepted but not interpreted yet. */
  public static final List<String> RESERVED_SECTIONS = List.of("election", "bgp", "kubernetes");

  public AgentConfig {
    services = List.copyOf(services);
    reserved = Map.copyOf(reserved);
  }
}
