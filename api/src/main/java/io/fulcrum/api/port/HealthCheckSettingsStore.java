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
  default HealthCheckSettings put(String service, HealthCheckSettings settings) {
    return put(service, settings, null);
  }

  /**
   * Replaces the settings only if they still match {@code ifMatch} (an If-Match value; null for no
   * condition).
   *
   * @throws PortException NOT_FOUND, INVALID, or PRECONDITION_FAILED when they changed
   */
  HealthCheckSettings put(String service, HealthCheckSettings settings, String ifMatch);

  /**
   * Changes some settings of a service atomically; the result is validated as a whole.
   *
   * @throws PortException NOT_FOUND, or INVALID naming each field and rule broken
   */
  default HealthCheckSettings patch(String service, HealthCheckPatch patch) {
    return patch(service, patch, null);
  }

  /**
   * Patches the settings only if they still match {@code ifMatch} (null for no condition).
   *
   * @throws PortException NOT_FOUND, INVALID, or PRECONDITION_FAILED when they changed
   */
  HealthCheckSettings patch(String service, HealthCheckPatch patch, String ifMatch);
}
