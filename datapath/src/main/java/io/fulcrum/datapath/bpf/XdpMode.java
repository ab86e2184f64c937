package io.fulcrum.datapath.bpf;

/** How XDP is attached to an interface. */
public enum XdpMode {
  /** Driver (native) mode, falling back to generic mode when the driver refuses. */
  AUTO(0),
  /** Driver (native) mode only. */
  DRIVER(1),
  /** Generic (skb) mode only. */
  GENERIC(2);

  private final int code;

  XdpMode(int code) {
    this.code = code;
  }

  int code() {
    return code;
  }

  static XdpMode ofCode(int code) {
    for (XdpMode m : values()) {
      if (m.code == code) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown XDP mode " + code);
  }
}
