package io.fulcrum.agent.config;

import io.fulcrum.healthcheck.CheckOverrides;
import io.fulcrum.healthcheck.CheckSettings;
import io.fulcrum.healthcheck.ServiceHealthPolicy;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * The validated {@code healthcheck} section: per service (by name) how its backends are probed and
 * what the data plane does with the results. A service without an entry is not probed (its backends
 * keep their configured state).
 *
 * @param tcpHalfOpen bare TCP checks are half-open (a SYN from a raw socket) where raw sockets can
 *     be had; false makes them connect
 */
public record HealthcheckSettings(Map<String, ServiceCheck> services, boolean tcpHalfOpen) {
  public static final HealthcheckSettings NONE = new HealthcheckSettings(Map.of());

  public HealthcheckSettings {
    services = Map.copyOf(services);
  }

  /** The services' checks, with half-open TCP checks (the default). */
  public HealthcheckSettings(Map<String, ServiceCheck> services) {
    this(services, true);
  }

  /**
   * One service's checks.
   *
   * @param backends per-backend overrides, keyed by the backend's address and port
   */
  public record ServiceCheck(
      CheckSettings settings,
      Map<InetSocketAddress, CheckOverrides> backends,
      ServiceHealthPolicy policy) {
    public ServiceCheck {
      backends = Map.copyOf(backends);
    }

    /** The settings of one backend (the service's with that backend's overrides). */
    public CheckSettings forBackend(InetSocketAddress backend) {
      CheckOverrides o = backends.get(backend);
      return o == null ? settings : settings.with(o);
    }
  }
}
