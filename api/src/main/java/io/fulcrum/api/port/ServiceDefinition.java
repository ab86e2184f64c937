package io.fulcrum.api.port;

import java.util.List;
import java.util.Objects;

/**
 * A service as configured (by the API, the config file or Kubernetes). Values are already valid:
 * the REST layer validates request bodies before building one.
 *
 * @param name DNS-subdomain-like name, unique across sources
 * @param vip IP address literal in canonical form
 * @param affinityTimeoutSeconds client-IP affinity timeout, 0 for none
 * @param maglevTableSize 0 picks a size; otherwise a prime
 */
public record ServiceDefinition(
    String name,
    String vip,
    int port,
    Protocol protocol,
    NatMode mode,
    int affinityTimeoutSeconds,
    int maglevTableSize,
    List<BackendDefinition> backends) {
  public ServiceDefinition {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(vip, "vip");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(mode, "mode");
    backends = List.copyOf(backends);
  }
}
