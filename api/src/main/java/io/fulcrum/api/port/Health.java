package io.fulcrum.api.port;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Health of a backend as the probes see it. */
public enum Health {
  UP,
  DOWN,
  /** Not probed yet (or probing is off). */
  UNKNOWN;

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
