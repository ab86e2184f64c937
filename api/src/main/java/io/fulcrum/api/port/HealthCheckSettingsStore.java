package io.fulcrum.api.port;

/**
 * Port: per-service health-check settings. Every service has settings (the defaults until someone
 * changes them). A stored change takes effect from the next probe of each backend.
 */
public interface HealthCheckSettingsStore {
  /**
   * @throws PortException NOT_FOUND when the service does not exist
   */
  HealthCheckSettings get(String service);

  /**
   * Replaces the settings of a service.
   *
   * @throws PortException NOT_FOUND, or INVALID naming each field and rule broken
   */
  HealthCheckSettings put(String service, HealthCheckSettings settings);

  /**
   * Changes some settings of a service atomically; the result is validated as a whole.
   *
   * @throws PortException NOT_FOUND, or INVALID naming each field and rule broken
   */
  HealthCheckSettings patch(String service, HealthCheckPatch patch);
}
