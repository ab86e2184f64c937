package io.fulcrum.datapath;

/** L4 protocols a service can balance, with their IP protocol numbers. */
public enum Protocol {
  TCP(6),
  UDP(17),
  SCTP(132);

  private final int number;

  Protocol(int number) {
    this.number = number;
  }

  /** The IP protocol number (IPPROTO_*). */
  public int number() {
    return number;
  }
}
