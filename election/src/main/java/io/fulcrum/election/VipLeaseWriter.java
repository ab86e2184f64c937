package io.fulcrum.election;

/**
 * Where a node's right to answer ARP / NS for a VIP is written. In production the agent implements
 * it over the data plane's {@code fl_l2} map (the XDP program answers only while {@code
 * bpf_ktime_get_ns() < lease_expires_ns}), so answering stops on time even when the agent dies.
 * Deadlines are CLOCK_MONOTONIC nanoseconds, the clock of {@link System#nanoTime()} on Linux.
 */
public interface VipLeaseWriter {
  /** Answer for {@code vip} until {@code expiresAtNanos} (renewals move the deadline). */
  void grant(String vip, long expiresAtNanos);

  /** Stop answering for {@code vip} now. */
  void revoke(String vip);
}
