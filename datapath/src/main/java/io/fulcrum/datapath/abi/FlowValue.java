package io.fulcrum.datapath.abi;

import java.net.InetAddress;

/** struct fl_flow_value (addresses null when zero-family or unset). */
public record FlowValue(
    InetAddress natAddr,
    InetAddress snatAddr,
    int natPort,
    int snatPort,
    int backendId,
    int svcId,
    int dir,
    int state,
    int family,
    int flags,
    long lastSeenNs) {
  private static final Layout L = Abi.FLOW_VALUE;

  /** Offset of backend_id, for scans that read only that field. */
  public static final int BACKEND_ID_OFFSET = L.offset("backend_id");

  public static final int SVC_ID_OFFSET = L.offset("svc_id");
  public static final int DIR_OFFSET = L.offset("dir");

  public byte[] encode() {
    byte[] b = new byte[L.size()];
    Bytes.putAddr(b, L.offset("nat_addr"), natAddr);
    Bytes.putAddr(b, L.offset("snat_addr"), snatAddr);
    Bytes.putPortBe(b, L.offset("nat_port_be"), natPort);
    Bytes.putPortBe(b, L.offset("snat_port_be"), snatPort);
    Bytes.putU32(b, L.offset("backend_id"), backendId);
    Bytes.putU32(b, L.offset("svc_id"), svcId);
    Bytes.putU8(b, L.offset("dir"), dir);
    Bytes.putU8(b, L.offset("state"), state);
    Bytes.putU8(b, L.offset("family"), family);
    Bytes.putU8(b, L.offset("flags"), flags);
    Bytes.putU64(b, L.offset("last_seen_ns"), lastSeenNs);
    return b;
  }

  public static FlowValue decode(byte[] b) {
    int family = Bytes.getU8(b, L.offset("family"));
    return new FlowValue(
        Bytes.getAddr(b, L.offset("nat_addr"), family),
        Bytes.getAddr(b, L.offset("snat_addr"), family),
        Bytes.getPortBe(b, L.offset("nat_port_be")),
        Bytes.getPortBe(b, L.offset("snat_port_be")),
        Bytes.getU32(b, L.offset("backend_id")),
        Bytes.getU32(b, L.offset("svc_id")),
        Bytes.getU8(b, L.offset("dir")),
        Bytes.getU8(b, L.offset("state")),
        family,
        Bytes.getU8(b, L.offset("flags")),
        Bytes.getU64(b, L.offset("last_seen_ns")));
  }
}
