package io.fulcrum.datapath;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/**
 * The data plane as the agent sees it: a port implemented over the XDP program ({@code
 * BpfDatapath}). Every method is applied atomically per service: a reader of the maps sees the old
 * or the new service, never a mix. Failures throw {@link DatapathException} and leave what was
 * programmed before in force.
 */
public interface Datapath extends AutoCloseable {

  /** Adds or replaces one service (backends, weights, states, mode, table size, affinity). */
  void apply(ServiceSpec spec);

  /**
   * A hint before many {@link #apply} calls: these services (not programmed yet) follow, in this
   * order, so an implementation may prepare them ahead (the XDP binding builds their Maglev tables
   * on a second thread). An empty list ends the hint. Changes nothing by itself.
   */
  default void prepare(List<ServiceSpec> specs) {}

  /** Removes one service and its backends; its tracked flows are flushed. No-op if absent. */
  void remove(ServiceKey key);

  /** The services programmed now (after a restart: those adopted from the pinned maps). */
  Map<ServiceKey, ServiceSpec> programmed();

  /** Per-service counters, summed over CPUs. */
  Counters serviceCounters(ServiceKey key);

  /** Per-backend counters of one service, summed over CPUs. */
  Map<InetSocketAddress, Counters> backendCounters(ServiceKey key);

  /** Drops by reason since the data plane was loaded. */
  Map<DropReason, Long> drops();

  /** Number of tracked flows (both directions counted once per flow). */
  long flowCount();

  /** Forgets the tracked flows of one backend of a service (used to flush a dead backend). */
  int flushFlows(ServiceKey key, InetSocketAddress backend);

  /** Fill of every map. */
  List<MapUsage> mapUsage();

  /**
   * L2 mode: answer ARP / neighbour solicitations for {@code vip} until {@code expiresAtNanos}
   * (CLOCK_MONOTONIC, i.e. {@link System#nanoTime()} on Linux); renewing moves the deadline. The
   * data plane stops answering by itself when the deadline passes, also if the agent died.
   *
   * @param mac the MAC to answer with (6 bytes), or null for the ingress interface's
   */
  default void grantL2(java.net.InetAddress vip, long expiresAtNanos, byte[] mac) {
    throw new UnsupportedOperationException("L2 leases are not supported by " + getClass());
  }

  /** L2 mode: stop answering ARP / NS for {@code vip} now. No-op if not granted. */
  default void revokeL2(java.net.InetAddress vip) {
    throw new UnsupportedOperationException("L2 leases are not supported by " + getClass());
  }

  /** Changes refused because a table (map or Maglev ring pool) was full, since this was opened. */
  default long capacityErrors() {
    return 0;
  }

  /** Releases user-space handles. The pinned data plane keeps forwarding. */
  @Override
  void close();
}
