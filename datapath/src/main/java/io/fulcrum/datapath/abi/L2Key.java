package io.fulcrum.datapath.abi;

import java.net.InetAddress;

/** struct fl_l2_key. */
public record L2Key(InetAddress vip) {
  private static final Layout L = Abi.L2_KEY;

  public byte[] encode() {
    byte[] b = new byte[L.size()];
    Bytes.putAddr(b, L.offset("vip"), vip);
    Bytes.putU8(b, L.offset("family"), Bytes.family(vip));
    return b;
  }

  public static L2Key decode(byte[] b) {
    return new L2Key(Bytes.getAddr(b, L.offset("vip"), Bytes.getU8(b, L.offset("family"))));
  }
}
