package io.fulcrum.datapath.abi;

/** struct fl_svc_value. */
public record SvcValue(int id, int flags, int ringOffset, int ringSize, int affinityTimeoutS) {
  private static final Layout L = Abi.SVC_VALUE;

  public byte[] encode() {
    byte[] b = new byte[L.size()];
    Bytes.putU32(b, L.offset("id"), id);
    Bytes.putU32(b, L.offset("flags"), flags);
    Bytes.putU32(b, L.offset("ring_offset"), ringOffset);
    Bytes.putU32(b, L.offset("ring_size"), ringSize);
    Bytes.putU32(b, L.offset("affinity_timeout_s"), affinityTimeoutS);
    return b;
  }

  /** The ring offset field alone (pollers that must not allocate). */
  public static int ringOffsetOf(byte[] b) {
    return Bytes.getU32(b, RING_OFFSET);
  }

  private static final int RING_OFFSET = L.offset("ring_offset");

  public static SvcValue decode(byte[] b) {
    return new SvcValue(
        Bytes.getU32(b, L.offset("id")),
        Bytes.getU32(b, L.offset("flags")),
        Bytes.getU32(b, L.offset("ring_offset")),
        Bytes.getU32(b, L.offset("ring_size")),
        Bytes.getU32(b, L.offset("affinity_timeout_s")));
  }
}
