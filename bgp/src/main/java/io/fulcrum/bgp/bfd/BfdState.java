package io.fulcrum.bgp.bfd;

/** BFD session states (RFC 5880 4.1). */
public enum BfdState {
  ADMIN_DOWN(0),
  DOWN(1),
  INIT(2),
  UP(3);

  private final int code;

  BfdState(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public static BfdState of(int code) {
    return values()[code & 3];
  }
}
