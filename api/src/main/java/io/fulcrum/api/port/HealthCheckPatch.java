package io.fulcrum.api.port;

/**
 * A partial change of {@link HealthCheckSettings}: each non-null field replaces that setting, null
 * fields keep theirs. Applied atomically to the settings current at the time of the change, so
 * concurrent patches of different fields all survive.
 */
public record HealthCheckPatch(
    ProbeType type,
    Long intervalMillis,
    Long timeoutMillis,
    Integer rise,
    Integer fall,
    Integer port,
    String path,
    Integer statusMin,
    Integer statusMax) {

  /** The settings with this patch applied (not validated). */
  public HealthCheckSettings applyTo(HealthCheckSettings s) {
    return new HealthCheckSettings(
        type != null ? type : s.type(),
        intervalMillis != null ? intervalMillis : s.intervalMillis(),
        timeoutMillis != null ? timeoutMillis : s.timeoutMillis(),
        rise != null ? rise : s.rise(),
        fall != null ? fall : s.fall(),
        port != null ? port : s.port(),
        path != null ? path : s.path(),
        statusMin != null ? statusMin : s.statusMin(),
        statusMax != null ? statusMax : s.statusMax());
  }
}
