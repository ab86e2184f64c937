package io.fulcrum.datapath.abi;

import java.net.InetAddress;

/** struct fl_flow_key. */
public record FlowKey(InetAddress src, InetAddress dst, int sport, int dport, int proto) {
  private static final Layout L = Abi.FLOW_KEY;

  public byte[] encode() {
    byte[] b = new byte[L.size()];
    Bytes.putAddr(b, L.offset("src"), src);
    Bytes.putAddr(b, L.offset("dst"), dst);
    Bytes.putPortBe(b, L.offset("sport_be"), sport);
    Bytes.putPortBe(b, L.offset("dport_be"), dport);
    Bytes.putU8(b, L.offset("proto"), proto);
    Bytes.putU8(b, L.offset("family"), Bytes.family(src));
    return b;
  }

  public static FlowKey decode(byte[] b) {
    int family = Bytes.getU8(b, L.offset("family"));
    return new FlowKey(
        Bytes.getAddr(b, L.offset("src"), family),
        Bytes.getAddr(b, L.offset("dst"), family),
        Bytes.getPortBe(b, L.offset("sport_be")),
        Bytes.getPortBe(b, L.offset("dport_be")),
        Bytes.getU8(b, L.offset("proto")));
  }
}
