package io.fulcrum.api.http;

import static io.fulcrum.api.port.HealthCheckSettings.MAX_INTERVAL_MILLIS;
import static io.fulcrum.api.port.HealthCheckSettings.MAX_PATH_LENGTH;
import static io.fulcrum.api.port.HealthCheckSettings.MAX_RISE_FALL;
import static io.fulcrum.api.port.HealthCheckSettings.MAX_TIMEOUT_MILLIS;
import static io.fulcrum.api.port.HealthCheckSettings.MIN_INTERVAL_MILLIS;
import static io.fulcrum.api.port.HealthCheckSettings.MIN_TIMEOUT_MILLIS;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.api.port.HealthCheckPatch;
import io.fulcrum.api.port.HealthCheckSettings;
import io.fulcrum.api.port.ProbeType;
import io.fulcrum.api.port.Violation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Turns health-check request bodies into settings or patches, or names every rule broken. */
final class HealthCheckRequests {
  private HealthCheckRequests() {}

  static final Set<String> FIELDS =
      Set.of(
          "type",
          "intervalMillis",
          "timeoutMillis",
          "rise",
          "fall",
          "port",
          "path",
          "statusMin",
          "statusMax");

  private static final List<String> TYPES =
      Arrays.stream(ProbeType.values()).map(ProbeType::wire).toList();

  private record Read(
      Optional<ProbeType> type,
      Optional<Long> interval,
      Optional<Long> timeout,
      Optional<Long> rise,
      Optional<Long> fall,
      Optional<Long> port,
      Optional<String> path,
      Optional<Long> statusMin,
      Optional<Long> statusMax) {}

  private static Read read(JsonNode body, boolean full, List<Violation> v) {
    ObjectNode o = FieldReader.object(body, "", v);
    if (o == null) {
      throw ProblemException.invalid(v);
    }
    FieldReader r = new FieldReader(o, "", v, FIELDS);
    return new Read(
        r.oneOf("type", full, ProbeType::parse, TYPES),
        r.integer("intervalMillis", full, MIN_INTERVAL_MILLIS, MAX_INTERVAL_MILLIS),
        r.integer("timeoutMillis", full, MIN_TIMEOUT_MILLIS, MAX_TIMEOUT_MILLIS),
        r.integer("rise", full, 1, MAX_RISE_FALL),
        r.integer("fall", full, 1, MAX_RISE_FALL),
        r.integer("port", false, 0, 65535),
        r.string("path", false, MAX_PATH_LENGTH),
        r.integer("statusMin", false, 100, 599),
        r.integer("statusMax", false, 100, 599));
  }

  /** A PUT body: type, intervalMillis, timeoutMillis, rise and fall are required. */
  static HealthCheckSettings settings(JsonNode body) {
    List<Violation> v = new ArrayList<>();
    Read r = read(body, true, v);
    if (!v.isEmpty()) {
      throw ProblemException.invalid(v);
    }
    HealthCheckSettings d = HealthCheckSettings.DEFAULTS;
    HealthCheckSettings s =
        new HealthCheckSettings(
            r.type().orElseThrow(),
            r.interval().orElseThrow(),
            r.timeout().orElseThrow(),
            r.rise().orElseThrow().intValue(),
            r.fall().orElseThrow().intValue(),
            r.port().orElse((long) d.port()).intValue(),
            r.path().orElse(d.path()),
            r.statusMin().orElse((long) d.statusMin()).intValue(),
            r.statusMax().orElse((long) d.statusMax()).intValue());
    List<Violation> whole = s.violations();
    if (!whole.isEmpty()) {
      throw ProblemException.invalid(whole);
    }
    return s;
  }

  /** A PATCH body (JSON merge patch): any subset of the fields; null is refused. */
  static HealthCheckPatch patch(JsonNode body) {
    List<Violation> v = new ArrayList<>();
    Read r = read(body, false, v);
    if (!v.isEmpty()) {
      throw ProblemException.invalid(v);
    }
    return new HealthCheckPatch(
        r.type().orElse(null),
        r.interval().orElse(null),
        r.timeout().orElse(null),
        r.rise().map(Long::intValue).orElse(null),
        r.fall().map(Long::intValue).orElse(null),
        r.port().map(Long::intValue).orElse(null),
        r.path().orElse(null),
        r.statusMin().map(Long::intValue).orElse(null),
        r.statusMax().map(Long::intValue).orElse(null));
  }
}
