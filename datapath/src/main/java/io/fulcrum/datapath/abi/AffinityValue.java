package io.fulcrum.datapath.abi;

/** struct fl_affinity_value. */
public record AffinityValue(int backendId, long lastSeenNs) {
  private static final Layout L = Abi.AFFINITY_VALUE;

  public byte[] encode() {
    byte[] b = new byte[L.size()];
    Bytes.putU32(b, L.offset("backend_id"), backendId);
    Bytes.putU64(b, L.offset("last_seen_ns"), lastSeenNs);
    return b;
  }

  public static AffinityValue decode(byte[] b) {
    return new AffinityValue(
        Bytes.getU32(b, L.offset("backend_id")), Bytes.getU64(b, L.offset("last_seen_ns")));
  }
}
