package io.fulcrum.api.port;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything changed at run time through the API: API-owned services, backend admin states and
 * health-check settings. Immutable; {@link #apply(RuntimeChange)} is a pure, deterministic function
 * so every node of a replicated group reaches the same state from the same changes.
 *
 * @param revision number of changes applied so far
 * @param services API-owned services by name
 * @param backendAdmin service name to backend id to a non-default admin state
 * @param healthChecks service name to tuned settings (services absent here use the defaults)
 */
public record RuntimeState(
    long revision,
    Map<String, ServiceDefinition> services,
    Map<String, Map<String, AdminState>> backendAdmin,
    Map<String, HealthCheckSettings> healthChecks) {

  public static final RuntimeState EMPTY = new RuntimeState(0, Map.of(), Map.of(), Map.of());

  public RuntimeState {
    services = frozen(services);
    TreeMap<String, Map<String, AdminState>> admin = new TreeMap<>();
    if (backendAdmin != null) {
      backendAdmin.forEach((k, v) -> admin.put(k, frozen(v)));
    }
    backendAdmin = Collections.unmodifiableMap(admin);
    healthChecks = frozen(healthChecks);
  }

  private static <V> Map<String, V> frozen(Map<String, V> m) {
    return Collections.unmodifiableMap(m == null ? new TreeMap<>() : new TreeMap<>(m));
  }

  /** Admin state of one backend ({@link AdminState#ENABLED} unless changed). */
  public AdminState adminState(String service, String backendId) {
    return backendAdmin.getOrDefault(service, Map.of()).getOrDefault(backendId, AdminState.ENABLED);
  }

  /** Health-check settings of a service (the defaults unless changed). */
  public HealthCheckSettings healthCheck(String service) {
    return healthChecks.getOrDefault(service, HealthCheckSettings.DEFAULTS);
  }

  /**
   * The state after {@code change}.
   *
   * @throws PortException when the change is refused; nothing changes then
   */
  public RuntimeState apply(RuntimeChange change) {
    TreeMap<String, ServiceDefinition> svc = new TreeMap<>(services);
    TreeMap<String, Map<String, AdminState>> admin = new TreeMap<>(backendAdmin);
    TreeMap<String, HealthCheckSettings> hc = new TreeMap<>(healthChecks);
    if (change instanceof RuntimeChange.CreateService c) {
      if (svc.putIfAbsent(c.service().name(), c.service()) != null) {
        throw new PortException(
            PortException.Kind.ALREADY_EXISTS,
            "service '" + c.service().name() + "' already exists");
      }
    } else if (change instanceof RuntimeChange.ReplaceService r) {
      if (svc.replace(r.service().name(), r.service()) == null) {
        throw PortException.notFound("service '" + r.service().name() + "' does not exist");
      }
    } else if (change instanceof RuntimeChange.DeleteService d) {
      if (svc.remove(d.name()) == null) {
        throw PortException.notFound("service '" + d.name() + "' does not exist");
      }
      admin.remove(d.name());
      hc.remove(d.name());
    } else if (change instanceof RuntimeChange.SetBackendAdmin b) {
      TreeMap<String, AdminState> one = new TreeMap<>(admin.getOrDefault(b.service(), Map.of()));
      if (b.state() == AdminState.ENABLED) {
        one.remove(b.backendId());
      } else {
        one.put(b.backendId(), b.state());
      }
      if (one.isEmpty()) {
        admin.remove(b.service());
      } else {
        admin.put(b.service(), one);
      }
    } else if (change instanceof RuntimeChange.PutHealthCheck p) {
      requireMatch(p.service(), p.ifMatch());
      hc.put(p.service(), checked(p.settings()));
    } else if (change instanceof RuntimeChange.PatchHealthCheck p) {
      requireMatch(p.service(), p.ifMatch());
      hc.put(p.service(), checked(p.patch().applyTo(healthCheck(p.service()))));
    } else {
      throw new IllegalArgumentException("unknown change " + change);
    }
    return new RuntimeState(revision + 1, svc, admin, hc);
  }

  private void requireMatch(String service, String ifMatch) {
    HealthCheckSettings now = healthCheck(service);
    if (!now.matches(ifMatch)) {
      throw new PortException(
          PortException.Kind.PRECONDITION_FAILED,
          "the health-check settings of '"
              + service
              + "' changed: their entity tag is now "
              + now.etag()
              + "; read them again and retry");
    }
  }

  private static HealthCheckSettings checked(HealthCheckSettings s) {
    List<Violation> v = s.violations();
    if (!v.isEmpty()) {
      throw PortException.invalid(v);
    }
    return s;
  }
}
