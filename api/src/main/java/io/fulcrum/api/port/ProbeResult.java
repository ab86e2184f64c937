package io.fulcrum.api.port;

import java.time.Instant;
import java.util.Objects;

/**
 * Outcome of the last probe of one backend.
 *
 * @param at when it finished
 * @param success whether it passed
 * @param reason why it failed, or a short note when it passed (e.g. {@code "HTTP 200"})
 * @param latencyMillis how long it took
 */
public record ProbeResult(Instant at, boolean success, String reason, double latencyMillis) {
  public ProbeResult {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(reason, "reason");
  }
}
