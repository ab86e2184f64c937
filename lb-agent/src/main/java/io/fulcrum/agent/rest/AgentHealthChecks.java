package io.fulcrum.agent.rest;

import io.fulcrum.agent.config.HealthcheckSettings;
import io.fulcrum.agent.health.RuntimeChecks;
import io.fulcrum.api.port.HealthCheckPatch;
import io.fulcrum.api.port.HealthCheckSettings;
import io.fulcrum.api.port.HealthCheckSettingsStore;
import io.fulcrum.api.port.PortException;
import io.fulcrum.api.port.RuntimeChange;
import io.fulcrum.api.port.RuntimeSettingsStore;
import io.fulcrum.api.port.ServiceCatalog;
import io.fulcrum.api.port.Violation;
import java.util.List;

/**
 * A service's health-check settings over the API: those set through the API (kept in the runtime
 * settings store, so they survive a restart), else the configuration file's, else "not probed"
 * (type {@code none}). PUT and PATCH are validated against the API's rules and the probe engine's,
 * stored, and then reach the running probes through {@link RuntimeProjection}; the probes of that
 * service are rescheduled at once, with the new interval.
 *
 * <p>A patch is applied to the settings in force (the file's when the API never changed them), so
 * it is turned into a full replacement here, under one lock: concurrent patches of different fields
 * all survive, and an {@code If-Match} is checked against what the client saw.
 */
public final class AgentHealthChecks implements HealthCheckSettingsStore {
  private final ServiceCatalog catalog;
  private final RuntimeSettingsStore runtime;
  private final HealthcheckSettings file;

  public AgentHealthChecks(
      ServiceCatalog catalog, RuntimeSettingsStore runtime, HealthcheckSettings file) {
    this.catalog = catalog;
    this.runtime = runtime;
    this.file = file;
  }

  @Override
  public HealthCheckSettings get(String service) {
    requireService(service);
    return current(service);
  }

  private HealthCheckSettings current(String service) {
    HealthCheckSettings set = runtime.current().healthChecks().get(service);
    return set != null ? set : RuntimeChecks.view(file.services().get(service));
  }

  @Override
  public synchronized HealthCheckSettings put(
      String service, HealthCheckSettings settings, String ifMatch) {
    requireService(service);
    return store(service, current(service), settings, ifMatch);
  }

  @Override
  public synchronized HealthCheckSettings patch(
      String service, HealthCheckPatch patch, String ifMatch) {
    requireService(service);
    HealthCheckSettings now = current(service);
    return store(service, now, patch.applyTo(now), ifMatch);
  }

  private HealthCheckSettings store(
      String service, HealthCheckSettings now, HealthCheckSettings next, String ifMatch) {
    if (!now.matches(ifMatch)) {
      throw new PortException(
          PortException.Kind.PRECONDITION_FAILED,
          "the health-check settings of '"
              + service
              + "' changed: their entity tag is now "
              + now.etag()
              + "; read them again and retry");
    }
    List<Violation> v = RuntimeChecks.violations(file.services().get(service), next);
    if (!v.isEmpty()) {
      throw PortException.invalid(v);
    }
    return runtime.apply(new RuntimeChange.PutHealthCheck(service, next)).healthCheck(service);
  }

  private void requireService(String service) {
    if (catalog.get(service).isEmpty()) {
      throw PortException.notFound("service '" + service + "' does not exist");
    }
  }
}
