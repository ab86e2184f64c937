package io.fulcrum.api.port;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;

/** Transport protocol of a service. */
public enum Protocol {
  TCP,
  UDP,
  SCTP;

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses the wire name; empty when it is not one. */
  public static Optional<Protocol> parse(String s) {
    for (Protocol p : values()) {
      if (p.wire().equals(s)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
