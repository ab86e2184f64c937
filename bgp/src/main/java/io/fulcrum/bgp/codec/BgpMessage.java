package io.fulcrum.bgp.codec;

import java.util.Arrays;
import java.util.List;

/** The five BGP message types (RFC 4271 4, RFC 2918). Immutable values. */
public sealed interface BgpMessage
    permits BgpMessage.Open,
        BgpMessage.Keepalive,
        BgpMessage.Update,
        BgpMessage.Notification,
        BgpMessage.RouteRefresh {

  int TYPE_OPEN = 1;
  int TYPE_UPDATE = 2;
  int TYPE_NOTIFICATION = 3;
  int TYPE_KEEPALIVE = 4;
  int TYPE_ROUTE_REFRESH = 5;

  /** The message type code. */
  int type();

  /**
   * OPEN. {@code myAs} is the 2-octet field (AS_TRANS when the real AS needs 4 octets); the 4-octet
   * AS, when advertised, is in {@link Capability.FourOctetAs}.
   */
  record Open(int version, int myAs, int holdTime, long bgpId, List<Capability> capabilities)
      implements BgpMessage {
    public Open {
      capabilities = List.copyOf(capabilities);
    }

    @Override
    public int type() {
      return TYPE_OPEN;
    }

    /** The speaker's AS: the 4-octet capability when present, else the 2-octet field. */
    public long effectiveAs() {
      for (Capability c : capabilities) {
        if (c instanceof Capability.FourOctetAs f) {
          return f.as();
        }
      }
      return myAs;
    }

    /** The first capability of a class, or null. */
    public <T extends Capability> T capability(Class<T> type) {
      for (Capability c : capabilities) {
        if (type.isInstance(c)) {
          return type.cast(c);
        }
      }
      return null;
    }

    /** True when the OPEN advertises multiprotocol support for afi/safi. */
    public boolean supports(int afi, int safi) {
      for (Capability c : capabilities) {
        if (c instanceof Capability.Multiprotocol m && m.afi() == afi && m.safi() == safi) {
          return true;
        }
      }
      return false;
    }

    /** True when the OPEN carries at least one multiprotocol capability. */
    public boolean hasMultiprotocol() {
      return capabilities.stream().anyMatch(c -> c instanceof Capability.Multiprotocol);
    }
  }

  /** KEEPALIVE. */
  record Keepalive() implements BgpMessage {
    @Override
    public int type() {
      return TYPE_KEEPALIVE;
    }
  }

  /**
   * UPDATE. IPv4 unicast routes travel in {@code withdrawn} and {@code nlri}; other families in the
   * MP_REACH_NLRI / MP_UNREACH_NLRI attributes of {@code attributes}.
   */
  record Update(List<IpPrefix> withdrawn, PathAttributes attributes, List<IpPrefix> nlri)
      implements BgpMessage {
    public Update {
      withdrawn = List.copyOf(withdrawn);
      nlri = List.copyOf(nlri);
    }

    @Override
    public int type() {
      return TYPE_UPDATE;
    }

    /** True for an End-of-RIB marker (RFC 4724 2) of any family. */
    public boolean isEndOfRib() {
      if (!withdrawn.isEmpty() || !nlri.isEmpty()) {
        return false;
      }
      if (attributes.isEmpty()) {
        return true;
      }
      PathAttributes.MpUnreach u = attributes.mpUnreach();
      return u != null
          && u.withdrawn().isEmpty()
          && attributes.mpReach() == null
          && attributes.origin() == null
          && attributes.asPath() == null;
    }

    /** The End-of-RIB marker for a family. */
    public static Update endOfRib(int afi) {
      if (afi == Afi.IPV4) {
        return new Update(List.of(), PathAttributes.EMPTY, List.of());
      }
      return new Update(
          List.of(),
          PathAttributes.builder()
              .mpUnreach(new PathAttributes.MpUnreach(afi, Afi.SAFI_UNICAST, List.of()))
              .build(),
          List.of());
    }
  }

  /** NOTIFICATION. */
  record Notification(int code, int subcode, byte[] data) implements BgpMessage {
    public Notification {
      data = data == null ? new byte[0] : data.clone();
    }

    public Notification(int code, int subcode) {
      this(code, subcode, new byte[0]);
    }

    @Override
    public byte[] data() {
      return data.clone();
    }

    @Override
    public int type() {
      return TYPE_NOTIFICATION;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Notification n
          && n.code == code
          && n.subcode == subcode
          && Arrays.equals(n.data, data);
    }

    @Override
    public int hashCode() {
      return 31 * (31 * code + subcode) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
      return "Notification[" + BgpError.describe(code, subcode) + ", " + data.length + " bytes]";
    }
  }

  /** ROUTE-REFRESH (RFC 2918): asks the peer to send its Adj-RIB-Out for a family again. */
  record RouteRefresh(int afi, int subtype, int safi) implements BgpMessage {
    @Override
    public int type() {
      return TYPE_ROUTE_REFRESH;
    }
  }
}
