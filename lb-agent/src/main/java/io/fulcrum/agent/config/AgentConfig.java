package io.fulcrum.agent.config;

import java.util.List;
import java.util.Map;

/**
 * A validated agent configuration. Built only by {@link ConfigParser}; every field is checked.
 *
 * @param healthcheck the {@code healthcheck} section (which services are probed, and how)
 * @param api the {@code api} section (the REST server; disabled unless enabled)
 * @param election the {@code election} section (Raft election and L2 advertisement)
 * @param bgp the {@code bgp} section (the BGP speaker)
 * @param kubernetes the {@code kubernetes} section (Services and EndpointSlices as a source)
 * @param reserved the module sections ({@code election}, {@code bgp}, {@code kubernetes}) as
 *     written, as plain maps (what the Helm chart's values are compared with)
 */
public record AgentConfig(
    DataplaneSettings dataplane,
    List<ServiceConfig> services,
    MetricsSettings metrics,
    LogSettings log,
    HealthcheckSettings healthcheck,
    ApiSettings api,
    ElectionSection election,
    BgpSection bgp,
    KubernetesSection kubernetes,
    Map<String, Map<String, Object>> reserved) {

  /** Names of the module sections also kept as plain maps in {@link #reserved}. */
  public static final List<String> RESERVED_SECTIONS = List.of("election", "bgp", "kubernetes");

  public AgentConfig {
    services = List.copyOf(services);
    reserved = Map.copyOf(reserved);
  }
}
