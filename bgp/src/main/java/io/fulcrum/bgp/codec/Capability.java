package io.fulcrum.bgp.codec;

import java.util.Arrays;
import java.util.List;

/** Capabilities advertised in OPEN (RFC 5492). */
public sealed interface Capability
    permits Capability.Multiprotocol,
        Capability.RouteRefresh,
        Capability.FourOctetAs,
        Capability.GracefulRestart,
        Capability.Unknown {

  int CODE_MULTIPROTOCOL = 1;
  int CODE_ROUTE_REFRESH = 2;
  int CODE_GRACEFUL_RESTART = 64;
  int CODE_FOUR_OCTET_AS = 65;

  int code();

  /** Multiprotocol extensions (RFC 4760). */
  record Multiprotocol(int afi, int safi) implements Capability {
    @Override
    public int code() {
      return CODE_MULTIPROTOCOL;
    }
  }

  /** Route refresh (RFC 2918). */
  record RouteRefresh() implements Capability {
    @Override
    public int code() {
      return CODE_ROUTE_REFRESH;
    }
  }

  /** Support for 4-octet AS numbers (RFC 6793). */
  record FourOctetAs(long as) implements Capability {
    @Override
    public int code() {
      return CODE_FOUR_OCTET_AS;
    }
  }

  /**
   * Graceful restart (RFC 4724): restart state bit, restart time in seconds, and the families whose
   * forwarding state is preserved.
   */
  record GracefulRestart(boolean restarting, int restartTime, List<Family> families)
      implements Capability {
    public GracefulRestart {
      families = List.copyOf(families);
    }

    @Override
    public int code() {
      return CODE_GRACEFUL_RESTART;
    }

    /** A family entry; {@code forwardingPreserved} is the F bit. */
    public record Family(int afi, int safi, boolean forwardingPreserved) {}
  }

  /** A capability this speaker does not interpret; kept so it can be logged. */
  record Unknown(int code, byte[] value) implements Capability {
    public Unknown {
      value = value.clone();
    }

    @Override
    public byte[] value() {
      return value.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Unknown u && u.code == code && Arrays.equals(u.value, value);
    }

    @Override
    public int hashCode() {
      return 31 * code + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return "Unknown[code=" + code + ", " + value.length + " bytes]";
    }
  }
}
