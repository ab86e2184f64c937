package io.fulcrum.datapath.bpf;

/** XDP program return codes. */
public enum XdpVerdict {
  ABORTED,
  DROP,
  PASS,
  TX,
  REDIRECT;

  /** The verdict for a raw return code. */
  public static XdpVerdict of(int code) {
    if (code < 0 || code >= values().length) {
      throw new IllegalArgumentException("unknown XDP verdict " + code);
    }
    return values()[code];
  }
}
