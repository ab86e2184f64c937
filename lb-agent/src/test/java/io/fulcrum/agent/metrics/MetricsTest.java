package io.fulcrum.agent.metrics;

import static io.fulcrum.agent.testing.Specs.key;
import static io.fulcrum.agent.testing.Specs.svc;
import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.agent.reconcile.Reconciler;
import io.fulcrum.agent.state.DesiredStateStore;
import io.fulcrum.agent.testing.InMemoryDatapath;
import io.fulcrum.agent.testing.Specs;
import io.fulcrum.datapath.Counters;
import io.fulcrum.datapath.DropReason;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsTest {
  final InMemoryDatapath dp = new InMemoryDatapath();
  final DesiredStateStore store = new DesiredStateStore();
  final AgentMetrics metrics = new AgentMetrics();
  final Reconciler reconciler = new Reconciler(dp, store, System::nanoTime, metrics);

  MetricsTest() {
    store.addListener(reconciler::reconcile);
    metrics.bind(new DatapathCollector(dp, reconciler::programmedView, store::name));
  }

  @Test
  void dataPlaneCountersAppearPerServiceAndBackend() {
    store.replace("file", List.of(svc("web", 1, 1, 2)));
    dp.serviceCounters.put(key(1), new Counters(30, 3000, 3));
    dp.backendCounters.put(
        key(1),
        Map.of(
            new InetSocketAddress(Specs.ip("198.18.1.1"), 8080), new Counters(20, 2000, 2),
            new InetSocketAddress(Specs.ip("198.18.1.2"), 8080), new Counters(10, 1000, 1)));
    dp.drops.put(DropReason.UNKNOWN, 4L);
    dp.flows = 7;
    String text = metrics.scrape();
    assertThat(text)
        .contains(
            "fulcrum_service_packets_total{port=\"80\",protocol=\"tcp\",service=\"web\",vip=\"198.18.100.1\"} 30.0")
        .contains(
            "fulcrum_service_bytes_total{port=\"80\",protocol=\"tcp\",service=\"web\",vip=\"198.18.100.1\"} 3000.0")
        .contains(
            "fulcrum_backend_new_flows_total{backend=\"198.18.1.1:8080\",service=\"web\"} 2.0")
        .contains("fulcrum_backend_packets_total{backend=\"198.18.1.2:8080\",service=\"web\"} 10.0")
        .contains("fulcrum_backend_up{backend=\"198.18.1.2:8080\",service=\"web\"} 1.0")
        .contains("fulcrum_drops_total{reason=\"unknown\"} 4.0")
        .contains("fulcrum_conntrack_entries 7.0")
        .contains("fulcrum_map_fill_ratio{map=\"fl_services\"}")
        .contains("fulcrum_reconcile_duration_seconds_bucket")
        .contains("fulcrum_reconcile_services_total{op=\"added\"} 1.0")
        .contains("jvm_memory_used_bytes");
  }

  @Test
  void removedServiceDisappearsFromTheScrape() {
    store.replace("file", List.of(svc("web", 1, 1), svc("api", 2, 2)));
    assertThat(metrics.scrape()).contains("service=\"api\"");
    store.replace("file", List.of(svc("web", 1, 1)));
    assertThat(metrics.scrape()).doesNotContain("service=\"api\"");
  }

  @Test
  void metricsAreServedOverHttp() throws Exception {
    store.replace("file", List.of(svc("web", 1, 1)));
    try (MetricsServer server =
        MetricsServer.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), metrics::scrape)) {
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + server.address().getPort() + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
      assertThat(r.body()).contains("fulcrum_services 1.0");
    }
  }
}
