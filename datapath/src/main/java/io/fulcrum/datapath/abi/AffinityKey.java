package io.fulcrum.datapath.abi;

import java.net.InetAddress;

/** struct fl_affinity_key. */
public record AffinityKey(InetAddress client, int svcId) {
  private static final Layout L = Abi.AFFINITY_KEY;

  public byte[] encode() {
    byte[] b = new byte[L.size()];
    Bytes.putAddr(b, L.offset("client"), client);
    Bytes.putU32(b, L.offset("svc_id"), svcId);
    Bytes.putU8(b, L.offset("family"), Bytes.family(client));
    return b;
  }

  public static AffinityKey decode(byte[] b) {
    return new AffinityKey(
        Bytes.getAddr(b, L.offset("client"), Bytes.getU8(b, L.offset("family"))),
        Bytes.getU32(b, L.offset("svc_id")));
  }
}
