package io.fulcrum.datapath.abi;

/** struct fl_l2_value; mac is 6 bytes (all zero: answer with the ingress interface's MAC). */
public record L2Value(long leaseExpiresNs, byte[] mac) {
  private static final Layout L = Abi.L2_VALUE;

  public L2Value {
    if (mac.length != 6) {
      throw new IllegalArgumentException("mac must be 6 bytes");
    }
    mac = mac.clone();
  }

  @Override
  public byte[] mac() {
    return mac.clone();
  }

  public byte[] encode() {
    byte[] b = new byte[L.size()];
    Bytes.putU64(b, L.offset("lease_expires_ns"), leaseExpiresNs);
    System.arraycopy(mac, 0, b, L.offset("mac"), 6);
    return b;
  }

  public static L2Value decode(byte[] b) {
    int m = L.offset("mac");
    return new L2Value(
        Bytes.getU64(b, L.offset("lease_expires_ns")), java.util.Arrays.copyOfRange(b, m, m + 6));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof L2Value v
        && v.leaseExpiresNs == leaseExpiresNs
        && java.util.Arrays.equals(v.mac, mac);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(leaseExpiresNs) * 31 + java.util.Arrays.hashCode(mac);
  }
}
