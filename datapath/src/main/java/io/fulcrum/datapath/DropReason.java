package io.fulcrum.datapath;

/**
 * Why the data plane dropped a packet. Mirrors {@code bpf/lib/drop_reasons.h}: the codes are stable
 * and used as the {@code reason} tag of {@code fulcrum_drops_total}. Keep both in step (the
 * datapath tests check that they agree).
 */
public enum DropReason {
  // filled in with the data plane: see bpf/lib/drop_reasons.h
  UNKNOWN(0);

  private final int code;

  DropReason(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
