package io.fulcrum.datapath;

/** Traffic counters summed over all CPUs. */
public record Counters(long packets, long bytes, long newFlows) {
  public static final Counters ZERO = new Counters(0, 0, 0);
}
