package io.fulcrum.api.memory;

import io.fulcrum.api.http.ApiPorts;
import io.fulcrum.api.port.MetricsSource;
import io.fulcrum.api.port.RuntimeSettingsStore;

/**
 * All in-memory ports over one {@link RuntimeSettingsStore}, ready to hand to the server:
 *
 * <pre>{@code
 * InMemoryPorts p = InMemoryPorts.over(FileRuntimeSettingsStore.open(stateFile), "node-a");
 * p.catalog().replaceSource(Source.FILE, servicesFromTheConfigFile);
 * p.store().subscribe(state -> reconciler.runtimeChanged(state));
 * new ApiServer(config, p.ports(registry::scrape)).start();
 * }</pre>
 */
public record InMemoryPorts(
    RuntimeSettingsStore store,
    InMemoryServiceCatalog catalog,
    InMemoryBackendControl backends,
    InMemoryHealthCheckSettings healthChecks,
    InMemoryStatusProvider status,
    InMemoryReadiness readiness) {

  public static InMemoryPorts over(RuntimeSettingsStore store, String node) {
    InMemoryServiceCatalog catalog = new InMemoryServiceCatalog(store);
    return new InMemoryPorts(
        store,
        catalog,
        new InMemoryBackendControl(catalog, store),
        new InMemoryHealthCheckSettings(catalog, store),
        new InMemoryStatusProvider(node),
        new InMemoryReadiness());
  }

  /** The ports for {@link io.fulcrum.api.http.ApiServer}. */
  public ApiPorts ports(MetricsSource metrics) {
    return new ApiPorts(catalog, backends, healthChecks, status, readiness, metrics);
  }
}
