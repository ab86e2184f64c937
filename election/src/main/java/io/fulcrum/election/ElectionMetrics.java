package io.fulcrum.election;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Prometheus metrics of one election node:
 *
 * <ul>
 *   <li>{@code fulcrum_election_leader} 1 while this node leads the group, else 0;
 *   <li>{@code fulcrum_election_term} the current Raft term;
 *   <li>{@code fulcrum_vip_owned{vip}} 1 while this node answers for the VIP, else 0;
 *   <li>{@code fulcrum_election_failovers_total} VIPs moved away from a failed owner (group-wide,
 *       from the replicated state);
 *   <li>{@code fulcrum_vip_gained_total} / {@code fulcrum_vip_lost_total} this node's own gains and
 *       losses of VIPs;
 *   <li>{@code fulcrum_election_leader_changes_total} times this node became leader.
 * </ul>
 */
public final class ElectionMetrics implements OwnershipListener {
  private final MeterRegistry registry;
  private final Map<String, AtomicInteger> owned = new ConcurrentHashMap<>();
  private final AtomicInteger leader = new AtomicInteger();
  private final Counter gained;
  private final Counter lost;
  private final Counter leaderChanges;

  private ElectionMetrics(MeterRegistry registry, ElectionNode node) {
    this.registry = registry;
    Gauge.builder("fulcrum.election.leader", leader, AtomicInteger::get)
        .description("1 while this node leads the election group")
        .register(registry);
    Gauge.builder("fulcrum.election.term", node, n -> n.status().term())
        .description("current Raft term")
        .register(registry);
    FunctionCounter.builder("fulcrum.election.failovers", node, n -> n.status().failovers())
        .description("VIPs moved away from a failed owner, group-wide")
        .register(registry);
    gained =
        Counter.builder("fulcrum.vip.gained")
            .description("VIPs this node started answering for")
            .register(registry);
    lost =
        Counter.builder("fulcrum.vip.lost")
            .description("VIPs this node stopped answering for")
            .register(registry);
    leaderChanges =
        Counter.builder("fulcrum.election.leader.changes")
            .description("times this node became leader")
            .register(registry);
  }

  /** Registers the metrics of {@code node} in {@code registry} and keeps them current. */
  public static ElectionMetrics bind(MeterRegistry registry, ElectionNode node) {
    ElectionMetrics m = new ElectionMetrics(registry, node);
    node.addListener(m);
    return m;
  }

  private AtomicInteger vipGauge(String vip) {
    return owned.computeIfAbsent(
        vip,
        v -> {
          AtomicInteger value = new AtomicInteger();
          Gauge.builder("fulcrum.vip.owned", value, AtomicInteger::get)
              .description("1 while this node answers for the VIP")
              .tag("vip", v)
              .register(registry);
          return value;
        });
  }

  @Override
  public void onLeaderStart(long term) {
    leader.set(1);
    leaderChanges.increment();
  }

  @Override
  public void onLeaderStop(long term) {
    leader.set(0);
  }

  @Override
  public void onVipGained(String vip, long term) {
    vipGauge(vip).set(1);
    gained.increment();
  }

  @Override
  public void onVipLost(String vip, long term) {
    vipGauge(vip).set(0);
    lost.increment();
  }
}
