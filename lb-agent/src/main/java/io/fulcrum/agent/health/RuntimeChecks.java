package io.fulcrum.agent.health;

import io.fulcrum.agent.config.HealthcheckSettings;
import io.fulcrum.api.port.HealthCheckSettings;
import io.fulcrum.api.port.ProbeType;
import io.fulcrum.api.port.Violation;
import io.fulcrum.healthcheck.CheckOverrides;
import io.fulcrum.healthcheck.CheckSettings;
import io.fulcrum.healthcheck.CheckType;
import io.fulcrum.healthcheck.InvalidSettingsException;
import io.fulcrum.healthcheck.ServiceHealthPolicy;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Health-check settings changed through the REST API, over those of the configuration file (pure).
 * The API's settings cover the type, interval, timeout, rise, fall, port, HTTP path and status
 * range; every other setting of the file's check (send/expect bytes, method, host, TLS, jitter,
 * fail policy) is kept. The API's values apply to every backend of the service: a file's
 * per-backend override of one of those fields gives way, its jitter is kept. Type {@code none}
 * turns probing off (the backends count as up).
 */
public final class RuntimeChecks {
  private RuntimeChecks() {}

  /** What the API shows for a service that is not probed. */
  public static final HealthCheckSettings NOT_PROBED =
      new HealthCheckSettings(
          ProbeType.NONE,
          HealthCheckSettings.DEFAULTS.intervalMillis(),
          HealthCheckSettings.DEFAULTS.timeoutMillis(),
          HealthCheckSettings.DEFAULTS.rise(),
          HealthCheckSettings.DEFAULTS.fall(),
          0,
          HealthCheckSettings.DEFAULTS.path(),
          HealthCheckSettings.DEFAULTS.statusMin(),
          HealthCheckSettings.DEFAULTS.statusMax());

  /** The API's view of a file check (null: not probed). */
  public static HealthCheckSettings view(HealthcheckSettings.ServiceCheck check) {
    if (check == null) {
      return NOT_PROBED;
    }
    CheckSettings s = check.settings();
    int[] status = statusBounds(s);
    return new HealthCheckSettings(
        ProbeType.valueOf(s.type().name()),
        s.interval().toMillis(),
        s.timeout().toMillis(),
        s.rise(),
        s.fall(),
        s.port(),
        s.path(),
        status[0],
        status[1]);
  }

  /**
   * The check in force for a service: the file's ({@code file}, null when it has none) unless the
   * API set {@code runtime} (null when it did not); null when the service is not probed.
   *
   * @throws InvalidSettingsException when the engine refuses the combination
   */
  public static HealthcheckSettings.ServiceCheck effective(
      HealthcheckSettings.ServiceCheck file, HealthCheckSettings runtime) {
    if (runtime == null) {
      return file;
    }
    if (runtime.type() == ProbeType.NONE) {
      return null;
    }
    CheckSettings base = file == null ? CheckSettings.builder().build() : file.settings();
    Map<InetSocketAddress, CheckOverrides> keep = new HashMap<>();
    if (file != null) {
      file.backends()
          .forEach(
              (addr, o) -> {
                if (o.jitter() != null) {
                  keep.put(
                      addr, new CheckOverrides(null, null, null, null, null, null, o.jitter()));
                }
              });
    }
    return new HealthcheckSettings.ServiceCheck(
        toEngine(runtime, base), keep, file == null ? ServiceHealthPolicy.DEFAULT : file.policy());
  }

  /**
   * Every rule {@code s} breaks, the API's and then the probe engine's (e.g. an HTTPS check whose
   * file CA bundle is unreadable); empty when the settings can be applied.
   */
  public static List<Violation> violations(
      HealthcheckSettings.ServiceCheck file, HealthCheckSettings s) {
    List<Violation> v = s.violations();
    if (!v.isEmpty() || s.type() == ProbeType.NONE) {
      return v;
    }
    try {
      HealthcheckSettings.ServiceCheck c = effective(file, s);
      for (InetSocketAddress b : c.backends().keySet()) {
        c.forBackend(b);
      }
    } catch (InvalidSettingsException e) {
      return List.of(new Violation("type", "probe-engine", e.getMessage()));
    }
    return List.of();
  }

  /** Engine settings: {@code base} with the API's fields set. */
  static CheckSettings toEngine(HealthCheckSettings api, CheckSettings base) {
    CheckSettings.Builder b =
        base.toBuilder()
            .type(CheckType.valueOf(api.type().name()))
            .interval(Duration.ofMillis(api.intervalMillis()))
            .timeout(Duration.ofMillis(api.timeoutMillis()))
            .rise(api.rise())
            .fall(api.fall())
            .port(api.port())
            .path(api.path());
    int[] was = statusBounds(base);
    if (was[0] != api.statusMin() || was[1] != api.statusMax()) {
      // only a changed range replaces the file's list (which may hold several ranges)
      b.expectStatus(api.statusMin() + "-" + api.statusMax());
    }
    return b.build();
  }

  /** Lowest and highest status the check accepts. */
  static int[] statusBounds(CheckSettings s) {
    int lo = 599;
    int hi = 100;
    for (String part : s.expectStatus().toString().split(",")) {
      String[] ends = part.split("-");
      lo = Math.min(lo, Integer.parseInt(ends[0].trim()));
      hi = Math.max(hi, Integer.parseInt(ends[ends.length - 1].trim()));
    }
    return new int[] {lo, hi};
  }
}
