package io.fulcrum.election;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ElectionMetricsTest {

  /** An in-memory stand-in of the node port. */
  private static final class FakeNode implements ElectionNode {
    final List<OwnershipListener> listeners = new ArrayList<>();
    long term = 4;

    @Override
    public void setReady(boolean ready) {}

    @Override
    public void declareVips(Set<String> vips) {}

    @Override
    public CompletableFuture<Long> putDocument(String key, long expectedVersion, byte[] value) {
      return CompletableFuture.completedFuture(expectedVersion + 1);
    }

    @Override
    public Document document(String key) {
      return Document.NONE;
    }

    @Override
    public void addDocumentListener(DocumentListener listener) {}

    @Override
    public CompletableFuture<Void> addMember(String nodeId) {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> removeMember(String nodeId) {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void addListener(OwnershipListener listener) {
      listeners.add(listener);
    }

    @Override
    public ElectionStatus status() {
      return new ElectionStatus(
          "a:1", "LEADER", term, "a:1", Map.of(), Set.of(), Set.of(), Map.of(), Map.of(), 2);
    }

    @Override
    public void close() {}
  }

  @Test
  void leaderTermOwnershipAndFailoversAreExported() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    FakeNode node = new FakeNode();
    ElectionMetrics.bind(registry, node);
    node.listeners.forEach(l -> l.onLeaderStart(4));
    node.listeners.forEach(l -> l.onVipGained("198.18.0.100", 4));
    String text = registry.scrape();
    assertThat(text).contains("fulcrum_election_leader 1.0");
    assertThat(text).contains("fulcrum_election_term 4.0");
    assertThat(text).contains("fulcrum_vip_owned{vip=\"198.18.0.100\"} 1.0");
    assertThat(text).contains("fulcrum_election_failovers_total 2.0");
    assertThat(text).contains("fulcrum_vip_gained_total 1.0");
    node.listeners.forEach(l -> l.onVipLost("198.18.0.100", 4));
    node.listeners.forEach(l -> l.onLeaderStop(4));
    text = registry.scrape();
    assertThat(text).contains("fulcrum_vip_owned{vip=\"198.18.0.100\"} 0.0");
    assertThat(text).contains("fulcrum_election_leader 0.0");
  }
}
