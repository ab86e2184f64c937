package io.fulcrum.api.port;

import java.util.Objects;

/**
 * A backend of a service with what the node observes of it.
 *
 * @param id {@code address:port} ({@code [v6]:port}), unique within the service
 * @param lastProbe null before the first probe
 * @param consecutiveSuccesses length of the current run of passed probes (0 when the last failed)
 * @param consecutiveFailures length of the current run of failed probes (0 when the last passed)
 */
public record BackendStatus(
    String id,
    String address,
    int port,
    int weight,
    AdminState adminState,
    Health health,
    ProbeResult lastProbe,
    int consecutiveSuccesses,
    int consecutiveFailures,
    TrafficCounters counters) {
  public BackendStatus {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(adminState, "adminState");
    Objects.requireNonNull(health, "health");
    Objects.requireNonNull(counters, "counters");
  }

  /** True when the data plane may pick this backend for a new flow. */
  public boolean takesNewFlows() {
    return adminState == AdminState.ENABLED && health != Health.DOWN && weight > 0;
  }
}
