package io.fulcrum.datapath.abi;

import java.net.InetAddress;

/** struct fl_svc_key. */
public record SvcKey(InetAddress vip, int port, int proto) {
  private static final Layout L = Abi.SVC_KEY;

  public byte[] encode() {
    byte[] b = new byte[L.size()];
    Bytes.putAddr(b, L.offset("vip"), vip);
    Bytes.putPortBe(b, L.offset("port_be"), port);
    Bytes.putU8(b, L.offset("proto"), proto);
    Bytes.putU8(b, L.offset("family"), Bytes.family(vip));
    return b;
  }

  public static SvcKey decode(byte[] b) {
    int family = Bytes.getU8(b, L.offset("family"));
    return new SvcKey(
        Bytes.getAddr(b, L.offset("vip"), family),
        Bytes.getPortBe(b, L.offset("port_be")),
        Bytes.getU8(b, L.offset("proto")));
  }
}
