package io.fulcrum.api.http;

import io.fulcrum.api.port.BackendControl;
import io.fulcrum.api.port.HealthCheckSettingsStore;
import io.fulcrum.api.port.MetricsSource;
import io.fulcrum.api.port.Readiness;
import io.fulcrum.api.port.ServiceCatalog;
import io.fulcrum.api.port.StatusProvider;
import java.util.Objects;

/** The ports the API server serves. */
public record ApiPorts(
    ServiceCatalog services,
    BackendControl backends,
    HealthCheckSettingsStore healthChecks,
    StatusProvider status,
    Readiness readiness,
    MetricsSource metrics) {
  public ApiPorts {
    Objects.requireNonNull(services, "services");
    Objects.requireNonNull(backends, "backends");
    Objects.requireNonNull(healthChecks, "healthChecks");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(readiness, "readiness");
    Objects.requireNonNull(metrics, "metrics");
  }
}
