package io.fulcrum.datapath.abi;

/** struct fl_counters. */
public record CountersValue(long packets, long bytes, long newFlows) {
  private static final Layout L = Abi.COUNTERS;

  public static final CountersValue ZERO = new CountersValue(0, 0, 0);

  public byte[] encode() {
    byte[] b = new byte[L.size()];
    Bytes.putU64(b, L.offset("packets"), packets);
    Bytes.putU64(b, L.offset("bytes"), bytes);
    Bytes.putU64(b, L.offset("new_flows"), newFlows);
    return b;
  }

  public static CountersValue decode(byte[] b) {
    return decodeAt(b, 0);
  }

  private static CountersValue decodeAt(byte[] b, int base) {
    return new CountersValue(
        Bytes.getU64(b, base + L.offset("packets")),
        Bytes.getU64(b, base + L.offset("bytes")),
        Bytes.getU64(b, base + L.offset("new_flows")));
  }

  /** Sums a per-CPU lookup result (each CPU's value padded to 8 bytes). */
  public static CountersValue sumPerCpu(byte[] raw) {
    int stride = (L.size() + 7) & ~7;
    long p = 0;
    long by = 0;
    long n = 0;
    for (int base = 0; base + L.size() <= raw.length; base += stride) {
      CountersValue c = decodeAt(raw, base);
      p += c.packets;
      by += c.bytes;
      n += c.newFlows;
    }
    return new CountersValue(p, by, n);
  }
}
