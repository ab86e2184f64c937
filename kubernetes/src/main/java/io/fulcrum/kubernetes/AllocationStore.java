package io.fulcrum.kubernetes;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;

/**
 * Port: where the leader's address allocations live until (and besides) the Services' status.
 *
 * <p>The durable record of an allocation is the Service's {@code status.loadBalancer.ingress},
 * written by the leader; it survives agent restarts and leader changes because the API server keeps
 * it. This store covers the gap between an allocation and its status write (and an API server
 * outage during which nothing can be written): the agent may back it with its replicated state so a
 * new leader never hands out an address the old one already gave.
 */
public interface AllocationStore {
  /** Allocations known to this store (may include some not yet in any Service status). */
  Map<ServiceRef, List<InetAddress>> load();

  /** Replaces the stored allocations with these (the complete current set). */
  void save(Map<ServiceRef, List<InetAddress>> allocations);

  /** A store that lives as long as the process. */
  static AllocationStore inMemory() {
    return new AllocationStore() {
      private volatile Map<ServiceRef, List<InetAddress>> current = Map.of();

      @Override
      public Map<ServiceRef, List<InetAddress>> load() {
        return current;
      }

      @Override
      public void save(Map<ServiceRef, List<InetAddress>> allocations) {
        current = Map.copyOf(allocations);
      }
    };
  }
}
