package io.fulcrum.healthcheck;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The kinds of probe. */
public enum CheckType {
  /** ICMP / ICMPv6 echo. */
  PING,
  /** TCP connect, optionally send bytes and expect a reply prefix. */
  TCP,
  /** UDP datagram; fails on ICMP port unreachable, or on silence when a reply is expected. */
  UDP,
  /** SCTP INIT over a raw socket; up on INIT-ACK (answered with ABORT), down on ABORT/silence. */
  SCTP,
  /** HTTP request with expected status and optional body substring. */
  HTTP,
  /** HTTP over TLS (verification on with a CA file, or off; SNI). */
  HTTPS;

  /** Lower-case name, as used in settings and metrics. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a type name (case-insensitive), with a clear message listing the valid names. */
  public static CheckType parse(String text) {
    if (text != null) {
      for (CheckType t : values()) {
        if (t.label().equalsIgnoreCase(text.trim())) {
          return t;
        }
      }
    }
    throw new InvalidSettingsException(
        "unknown check type '"
            + text
            + "' (expected one of "
            + Arrays.stream(values()).map(CheckType::label).collect(Collectors.joining(", "))
            + ")");
  }
}
