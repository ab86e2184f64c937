package io.fulcrum.datapath;

/**
 * Why the data plane dropped a packet. Mirrors {@code bpf/lib/drop_reasons.h}: the codes are stable
 * and used as the {@code reason} tag of {@code fulcrum_drops_total}. Keep both in step ({@code
 * DropReasonTest} parses the header and checks that they agree).
 */
public enum DropReason {
  /** Reserved, never counted on purpose. */
  UNKNOWN(0),
  /** Packet to a VIP ends inside a header it needs. */
  TRUNCATED(1),
  /** IPv4 total length / IHL or IPv6 payload length inconsistent (to a VIP). */
  BAD_IP_LEN(2),
  /** IPv4 fragment or IPv6 fragment header to a VIP (not reassembled). */
  FRAGMENT(3),
  /** IPv6 extension header chain to a VIP too long or unsupported. */
  IPV6_EXT_HDR(4),
  /** Service has no usable backend and drops in that case. */
  NO_BACKEND(5),
  /** Full NAT: no free source port found. */
  SNAT_PORTS_EXHAUSTED(6),
  /** Could not insert a conntrack entry. */
  CT_FULL(7),
  /** SCTP service whose backend port differs from the service port. */
  SCTP_PORT_CHANGE(8),
  /** SCTP full NAT: the client's source port is already used towards that backend. */
  SCTP_PORT_CLASH(9),
  /** Maglev slot points at a backend id out of range or not in use. */
  BAD_BACKEND(10),
  /** Backend address family differs from the service family. */
  FAMILY_MISMATCH(11),
  /** Full NAT needs a node address and it is unset. */
  NO_NODE_ADDR(12);

  /** Size of the fl_drops array (FL_DROP_MAX). */
  public static final int MAX = 32;

  private final int code;

  DropReason(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** The reason for a code, or null when this build does not know it. */
  public static DropReason ofCode(int code) {
    for (DropReason r : values()) {
      if (r.code == code) {
        return r;
      }
    }
    return null;
  }
}
