package io.fulcrum.agent.rest;

import io.fulcrum.api.port.HealthCheckPatch;
import io.fulcrum.api.port.HealthCheckSettings;
import io.fulcrum.api.port.HealthCheckSettingsStore;
import io.fulcrum.api.port.PortException;

/**
 * Health-check settings are not served by the agent yet (they come from the configuration file's
 * {@code healthcheck} section): every call answers unavailable (503).
 */
public final class UnwiredHealthCheckSettings implements HealthCheckSettingsStore {
  private static PortException unavailable() {
    return new PortException(
        PortException.Kind.UNAVAILABLE,
        "health-check settings are not served by the agent yet; "
            + "set them in the configuration file's healthcheck section");
  }

  @Override
  public HealthCheckSettings get(String service) {
    throw unavailable();
  }

  @Override
  public HealthCheckSettings put(String service, HealthCheckSettings settings, String ifMatch) {
    throw unavailable();
  }

  @Override
  public HealthCheckSettings patch(String service, HealthCheckPatch patch, String ifMatch) {
    throw unavailable();
  }
}
