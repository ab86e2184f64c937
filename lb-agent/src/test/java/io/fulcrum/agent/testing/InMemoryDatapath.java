package io.fulcrum.agent.testing;

import io.fulcrum.datapath.Counters;
import io.fulcrum.datapath.Datapath;
import io.fulcrum.datapath.DatapathException;
import io.fulcrum.datapath.DropReason;
import io.fulcrum.datapath.MapUsage;
import io.fulcrum.datapath.ServiceKey;
import io.fulcrum.datapath.ServiceSpec;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A data plane in memory for unit tests: records every call, can be told to fail. */
public final class InMemoryDatapath implements Datapath {
  public final Map<ServiceKey, ServiceSpec> services = new HashMap<>();
  public final List<String> calls = new ArrayList<>();
  public final Map<ServiceKey, Counters> serviceCounters = new HashMap<>();
  public final Map<ServiceKey, Map<InetSocketAddress, Counters>> backendCounters = new HashMap<>();
  public final Map<DropReason, Long> drops = new HashMap<>();
  public long flows;
  public int capacity = Integer.MAX_VALUE;
  public boolean closed;

  @Override
  public synchronized void apply(ServiceSpec spec) {
    if (!services.containsKey(spec.key()) && services.size() >= capacity) {
      throw new DatapathException("service map full", 28);
    }
    calls.add("apply " + spec.key());
    services.put(spec.key(), spec);
  }

  @Override
  public synchronized void remove(ServiceKey key) {
    calls.add("remove " + key);
    services.remove(key);
  }

  @Override
  public synchronized Map<ServiceKey, ServiceSpec> programmed() {
    return Map.copyOf(services);
  }

  @Override
  public synchronized Counters serviceCounters(ServiceKey key) {
    return serviceCounters.getOrDefault(key, Counters.ZERO);
  }

  @Override
  public synchronized Map<InetSocketAddress, Counters> backendCounters(ServiceKey key) {
    return backendCounters.getOrDefault(key, Map.of());
  }

  @Override
  public synchronized Map<DropReason, Long> drops() {
    return Map.copyOf(drops);
  }

  @Override
  public synchronized long flowCount() {
    return flows;
  }

  @Override
  public int flushFlows(ServiceKey key, InetSocketAddress backend) {
    return 0;
  }

  @Override
  public synchronized List<MapUsage> mapUsage() {
    return List.of(
        new MapUsage(
            "fl_services", services.size(), capacity == Integer.MAX_VALUE ? 65536 : capacity));
  }

  @Override
  public void close() {
    closed = true;
  }
}
