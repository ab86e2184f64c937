package io.fulcrum.api.port;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;

/** Kind of active probe. {@link #NONE} turns probing off (backends count as up). */
public enum ProbeType {
  TCP,
  UDP,
  SCTP,
  HTTP,
  HTTPS,
  PING,
  NONE;

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<ProbeType> parse(String s) {
    for (ProbeType t : values()) {
      if (t.wire().equals(s)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
