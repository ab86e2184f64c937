package io.fulcrum.api.port;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;

/** What an operator asked of one backend. */
public enum AdminState {
  /** Normal: takes new flows when healthy (the default). */
  ENABLED,
  /** Takes no new flow; its established flows continue. */
  DRAINING,
  /** Takes no new flow; the agent may flush its established flows. */
  DISABLED;

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<AdminState> parse(String s) {
    for (AdminState a : values()) {
      if (a.wire().equals(s)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }
}
