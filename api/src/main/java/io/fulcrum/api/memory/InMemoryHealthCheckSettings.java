package io.fulcrum.api.memory;

import io.fulcrum.api.port.HealthCheckPatch;
import io.fulcrum.api.port.HealthCheckSettings;
import io.fulcrum.api.port.HealthCheckSettingsStore;
import io.fulcrum.api.port.PortException;
import io.fulcrum.api.port.RuntimeChange;
import io.fulcrum.api.port.RuntimeSettingsStore;
import io.fulcrum.api.port.ServiceCatalog;

/** Health-check settings kept in a {@link RuntimeSettingsStore}, for services of any source. */
public final class InMemoryHealthCheckSettings implements HealthCheckSettingsStore {
  private final ServiceCatalog catalog;
  private final RuntimeSettingsStore store;

  public InMemoryHealthCheckSettings(ServiceCatalog catalog, RuntimeSettingsStore store) {
    this.catalog = catalog;
    this.store = store;
  }

  @Override
  public HealthCheckSettings get(String service) {
    requireService(service);
    return store.current().healthCheck(service);
  }

  @Override
  public HealthCheckSettings put(String service, HealthCheckSettings settings, String ifMatch) {
    requireService(service);
    return store
        .apply(new RuntimeChange.PutHealthCheck(service, settings, ifMatch))
        .healthCheck(service);
  }

  @Override
  public HealthCheckSettings patch(String service, HealthCheckPatch patch, String ifMatch) {
    requireService(service);
    return store
        .apply(new RuntimeChange.PatchHealthCheck(service, patch, ifMatch))
        .healthCheck(service);
  }

  private void requireService(String service) {
    if (catalog.get(service).isEmpty()) {
      throw PortException.notFound("service '" + service + "' does not exist");
    }
  }
}
