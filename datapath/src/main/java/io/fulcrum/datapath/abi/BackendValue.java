package io.fulcrum.datapath.abi;

import java.net.InetAddress;

/** struct fl_backend; addr is null for an unused slot. */
public record BackendValue(InetAddress addr, int port, int flags) {
  private static final Layout L = Abi.BACKEND;

  /** The value of an unused slot. */
  public static final BackendValue EMPTY = new BackendValue(null, 0, 0);

  public byte[] encode() {
    byte[] b = new byte[L.size()];
    if (addr != null) {
      Bytes.putAddr(b, L.offset("addr"), addr);
      Bytes.putU8(b, L.offset("family"), Bytes.family(addr));
    }
    Bytes.putPortBe(b, L.offset("port_be"), port);
    Bytes.putU8(b, L.offset("flags"), flags);
    return b;
  }

  public static BackendValue decode(byte[] b) {
    return new BackendValue(
        Bytes.getAddr(b, L.offset("addr"), Bytes.getU8(b, L.offset("family"))),
        Bytes.getPortBe(b, L.offset("port_be")),
        Bytes.getU8(b, L.offset("flags")));
  }
}
