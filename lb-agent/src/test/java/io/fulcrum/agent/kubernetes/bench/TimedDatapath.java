package io.fulcrum.agent.kubernetes.bench;

import io.fulcrum.datapath.Backend;
import io.fulcrum.datapath.Counters;
import io.fulcrum.datapath.Datapath;
import io.fulcrum.datapath.DropReason;
import io.fulcrum.datapath.MapUsage;
import io.fulcrum.datapath.ServiceKey;
import io.fulcrum.datapath.ServiceSpec;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The benchmark's data plane: the real one (or an in-memory one), noting when each service is
 * written with all its backends and when an awaited backend arrives.
 */
final class TimedDatapath implements Datapath {
  private final Datapath dp;
  private final int endpoints;
  final Map<ServiceKey, Boolean> complete = new ConcurrentHashMap<>();
  final Map<ServiceKey, InetAddress> waitingFor = new ConcurrentHashMap<>();
  final Map<ServiceKey, Long> arrived = new ConcurrentHashMap<>();
  volatile long lastComplete;

  TimedDatapath(Datapath dp, int endpoints) {
    this.dp = dp;
    this.endpoints = endpoints;
  }

  Datapath inner() {
    return dp;
  }

  @Override
  public void apply(ServiceSpec spec) {
    dp.apply(spec);
    long now = System.nanoTime();
    ServiceKey k = spec.key();
    if (spec.backends().size() == endpoints && complete.put(k, Boolean.TRUE) == null) {
      lastComplete = now;
    }
    InetAddress want = waitingFor.get(k);
    if (want != null) {
      for (Backend b : spec.backends()) {
        if (b.address().equals(want)) {
          arrived.put(k, now);
          waitingFor.remove(k);
          break;
        }
      }
    }
  }

  @Override
  public void remove(ServiceKey key) {
    dp.remove(key);
    complete.remove(key);
  }

  @Override
  public Map<ServiceKey, ServiceSpec> programmed() {
    return dp.programmed();
  }

  @Override
  public Counters serviceCounters(ServiceKey key) {
    return dp.serviceCounters(key);
  }

  @Override
  public Map<InetSocketAddress, Counters> backendCounters(ServiceKey key) {
    return dp.backendCounters(key);
  }

  @Override
  public Map<DropReason, Long> drops() {
    return dp.drops();
  }

  @Override
  public long flowCount() {
    return dp.flowCount();
  }

  @Override
  public int flushFlows(ServiceKey key, InetSocketAddress backend) {
    return dp.flushFlows(key, backend);
  }

  @Override
  public List<MapUsage> mapUsage() {
    return dp.mapUsage();
  }

  @Override
  public long capacityErrors() {
    return dp.capacityErrors();
  }

  @Override
  public void close() {
    dp.close();
  }
}
