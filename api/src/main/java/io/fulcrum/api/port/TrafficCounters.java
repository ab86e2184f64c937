package io.fulcrum.api.port;

/** Traffic counters of one backend, summed over CPUs, since the data plane was loaded. */
public record TrafficCounters(long packets, long bytes, long newFlows) {
  public static final TrafficCounters ZERO = new TrafficCounters(0, 0, 0);
}
