package io.fulcrum.api.http;

import static io.fulcrum.api.http.ApiFixture.tree;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fulcrum.api.port.BackendDefinition;
import io.fulcrum.api.port.Health;
import io.fulcrum.api.port.NatMode;
import io.fulcrum.api.port.NodeStatus;
import io.fulcrum.api.port.ProbeResult;
import io.fulcrum.api.port.Protocol;
import io.fulcrum.api.port.ServiceDefinition;
import io.fulcrum.api.port.Source;
import io.fulcrum.api.port.TrafficCounters;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ApiEndpointsTest {
  static final String WEB =
      "{\"name\":\"web\",\"vip\":\"198.18.0.10\",\"port\":80,\"backends\":["
          + "{\"address\":\"198.18.1.2\",\"port\":8080,\"weight\":2},"
          + "{\"address\":\"198.18.1.3\",\"port\":8080}]}";

  final ApiFixture api = new ApiFixture();

  @AfterEach
  void close() {
    api.close();
  }

  @Test
  void createdServiceIsListedReplacedAndDeleted() {
    HttpResponse<String> created = api.json("POST", "/api/v1/services", WEB);
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/services/web");
    JsonNode svc = tree(created);
    assertThat(svc.get("source").asText()).isEqualTo("api");
    assertThat(svc.get("readOnly").asBoolean()).isFalse();
    assertThat(svc.get("protocol").asText()).isEqualTo("tcp");
    assertThat(svc.get("mode").asText()).isEqualTo("fullnat");
    assertThat(svc.get("backends").get(1).get("weight").asInt()).isEqualTo(1);

    assertThat(tree(api.get("/api/v1/services")).get("services")).hasSize(1);
    assertThat(tree(api.get("/api/v1/services/web")).get("vip").asText()).isEqualTo("198.18.0.10");

    HttpResponse<String> replaced =
        api.json(
            "PUT",
            "/api/v1/services/web",
            "{\"vip\":\"2001:DB8:0:0::10\",\"port\":443,\"protocol\":\"udp\",\"mode\":\"dnat\","
                + "\"backends\":[{\"address\":\"2001:db8::1:2\",\"port\":8443}]}");
    assertThat(replaced.statusCode()).isEqualTo(200);
    assertThat(tree(replaced).get("vip").asText()).isEqualTo("2001:db8::10");
    assertThat(api.catalog.get("web").orElseThrow().definition().protocol())
        .isEqualTo(Protocol.UDP);

    assertThat(api.delete("/api/v1/services/web").statusCode()).isEqualTo(204);
    assertThat(api.get("/api/v1/services/web").statusCode()).isEqualTo(404);
    assertThat(api.store.current().services()).isEmpty();
  }

  @Test
  void fileServiceIsReadOnlyAndTheErrorSaysSo() {
    api.catalog.replaceSource(Source.FILE, List.of(fileService()));
    JsonNode listed = tree(api.get("/api/v1/services")).get("services").get(0);
    assertThat(listed.get("source").asText()).isEqualTo("file");
    assertThat(listed.get("readOnly").asBoolean()).isTrue();

    HttpResponse<String> put =
        api.json("PUT", "/api/v1/services/static", "{\"vip\":\"198.18.0.20\",\"port\":81}");
    assertThat(put.statusCode()).isEqualTo(409);
    assertThat(put.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(tree(put).get("detail").asText())
        .contains("configuration file")
        .contains("read-only");
    HttpResponse<String> del = api.delete("/api/v1/services/static");
    assertThat(del.statusCode()).isEqualTo(409);
    assertThat(tree(del).get("type").asText()).isEqualTo("urn:fulcrum:problem:read-only");
    HttpResponse<String> dup =
        api.json(
            "POST",
            "/api/v1/services",
            "{\"name\":\"static\",\"vip\":\"198.18.0.20\",\"port\":81}");
    assertThat(dup.statusCode()).isEqualTo(409);
    assertThat(api.catalog.get("static").orElseThrow().definition()).isEqualTo(fileService());
  }

  static ServiceDefinition fileService() {
    return new ServiceDefinition(
        "static",
        "198.18.0.20",
        80,
        Protocol.TCP,
        NatMode.FULL_NAT,
        0,
        0,
        List.of(new BackendDefinition("198.18.2.2", 80, 1)));
  }

  @Test
  void backendsShowHealthProbeWeightAndCounters() {
    api.json("POST", "/api/v1/services", WEB);
    Instant at = Instant.parse("2026-01-02T03:04:05Z");
    api.backends.recordProbe(
        "web",
        "198.18.1.2:8080",
        Health.DOWN,
        new ProbeResult(at, false, "connection refused", 1.5));
    api.backends.setCounters("web", "198.18.1.2:8080", new TrafficCounters(10, 1500, 3));
    JsonNode list = tree(api.get("/api/v1/services/web/backends"));
    assertThat(list.get("service").asText()).isEqualTo("web");
    JsonNode b = list.get("backends").get(0);
    assertThat(b.get("id").asText()).isEqualTo("198.18.1.2:8080");
    assertThat(b.get("health").asText()).isEqualTo("down");
    assertThat(b.get("weight").asInt()).isEqualTo(2);
    assertThat(b.get("adminState").asText()).isEqualTo("enabled");
    assertThat(b.get("lastProbe").get("reason").asText()).isEqualTo("connection refused");
    assertThat(b.get("lastProbe").get("at").asText()).isEqualTo("2026-01-02T03:04:05Z");
    assertThat(b.get("counters").get("bytes").asLong()).isEqualTo(1500);
    JsonNode other = list.get("backends").get(1);
    assertThat(other.get("health").asText()).isEqualTo("unknown");
    assertThat(other.get("lastProbe").isNull()).isTrue();
    assertThat(tree(api.get("/api/v1/services/web/backends/198.18.1.3")).get("port").asInt())
        .isEqualTo(8080);
  }

  @Test
  void drainDisableAndEnableChangeTheAdminState() {
    api.json("POST", "/api/v1/services", WEB);
    HttpResponse<String> drained = api.post("/api/v1/services/web/backends/198.18.1.2:8080/drain");
    assertThat(drained.statusCode()).isEqualTo(200);
    assertThat(tree(drained).get("adminState").asText()).isEqualTo("draining");
    assertThat(api.store.current().adminState("web", "198.18.1.2:8080").wire())
        .isEqualTo("draining");
    assertThat(
            tree(api.post("/api/v1/services/web/backends/198.18.1.3/disable"))
                .get("adminState")
                .asText())
        .isEqualTo("disabled");
    assertThat(
            tree(api.get("/api/v1/services/web/backends"))
                .get("backends")
                .get(0)
                .get("adminState")
                .asText())
        .isEqualTo("draining");
    assertThat(
            tree(api.post("/api/v1/services/web/backends/198.18.1.2:8080/enable"))
                .get("adminState")
                .asText())
        .isEqualTo("enabled");
    assertThat(api.store.current().backendAdmin().get("web")).containsOnlyKeys("198.18.1.3:8080");
  }

  @Test
  void healthCheckSettingsAreReadReplacedAndPatched() {
    api.json("POST", "/api/v1/services", WEB);
    JsonNode defaults = tree(api.get("/api/v1/services/web/healthcheck"));
    assertThat(defaults.get("type").asText()).isEqualTo("tcp");
    assertThat(defaults.get("intervalMillis").asLong()).isEqualTo(2000);

    HttpResponse<String> put =
        api.json(
            "PUT",
            "/api/v1/services/web/healthcheck",
            "{\"type\":\"http\",\"intervalMillis\":1000,\"timeoutMillis\":500,\"rise\":2,"
                + "\"fall\":3,\"path\":\"/healthz\"}");
    assertThat(put.statusCode()).isEqualTo(200);
    assertThat(tree(put).get("path").asText()).isEqualTo("/healthz");
    assertThat(tree(put).get("statusMax").asInt()).isEqualTo(399);

    HttpResponse<String> patch =
        api.send(
            api.request("/api/v1/services/web/healthcheck")
                .header("Content-Type", "application/merge-patch+json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"intervalMillis\":500}")));
    assertThat(patch.statusCode()).isEqualTo(200);
    JsonNode after = tree(patch);
    assertThat(after.get("intervalMillis").asLong()).isEqualTo(500);
    assertThat(after.get("type").asText()).isEqualTo("http");
    assertThat(api.healthChecks.get("web").intervalMillis()).isEqualTo(500);
  }

  @Test
  void healthCheckIfMatchGuardsReadModifyWrite() {
    api.json("POST", "/api/v1/services", WEB);
    HttpResponse<String> read = api.get("/api/v1/services/web/healthcheck");
    String etag = read.headers().firstValue("ETag").orElseThrow();
    assertThat(etag).matches("\"[0-9a-f]{16}\"");
    HttpResponse<String> first =
        api.send(
            api.request("/api/v1/services/web/healthcheck")
                .header("Content-Type", "application/json")
                .header("If-Match", etag)
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"rise\":4}")));
    assertThat(first.statusCode()).isEqualTo(200);
    String newTag = first.headers().firstValue("ETag").orElseThrow();
    assertThat(newTag).isNotEqualTo(etag);
    HttpResponse<String> second =
        api.send(
            api.request("/api/v1/services/web/healthcheck")
                .header("Content-Type", "application/json")
                .header("If-Match", etag)
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"rise\":9}")));
    assertThat(second.statusCode()).isEqualTo(412);
    assertThat(tree(second).get("detail").asText()).contains(newTag);
    assertThat(api.healthChecks.get("web").rise()).isEqualTo(4);
    HttpResponse<String> any =
        api.send(
            api.request("/api/v1/services/web/healthcheck")
                .header("Content-Type", "application/json")
                .header("If-Match", "*")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"rise\":5}")));
    assertThat(any.statusCode()).isEqualTo(200);
  }

  @Test
  void healthCheckOfReadOnlyServiceCanBeTuned() {
    api.catalog.replaceSource(Source.KUBERNETES, List.of(fileService()));
    HttpResponse<String> patch =
        api.json("PATCH", "/api/v1/services/static/healthcheck", "{\"rise\":5}");
    assertThat(patch.statusCode()).isEqualTo(200);
    assertThat(api.store.current().healthCheck("static").rise()).isEqualTo(5);
  }

  @Test
  void statusReportsElectionVipsBgpDataPlaneAndMaps() {
    api.status.set(
        new NodeStatus(
            "node-a",
            new NodeStatus.Election("leader", 7, "node-a", List.of("node-a", "node-b")),
            List.of(new NodeStatus.VipOwner("198.18.0.10", "node-a", true)),
            List.of(
                new NodeStatus.BgpSession(
                    "198.18.0.1", 65001, "established", Instant.parse("2026-01-01T00:00:00Z"), 1)),
            new NodeStatus.DataPlane(true, "eth0", "native", null),
            List.of(new NodeStatus.MapFill("conntrack", 25, 100))));
    JsonNode s = tree(api.get("/api/v1/status"));
    assertThat(s.get("election").get("role").asText()).isEqualTo("leader");
    assertThat(s.get("vips").get(0).get("owner").asText()).isEqualTo("node-a");
    assertThat(s.get("bgpSessions").get(0).get("state").asText()).isEqualTo("established");
    assertThat(s.get("dataPlane").get("attached").asBoolean()).isTrue();
    assertThat(s.get("maps").get(0).get("fillRatio").asDouble()).isEqualTo(0.25);
  }

  @Test
  void probesAndMetricsNeedNoToken() {
    HttpRequest.Builder plain = HttpRequest.newBuilder(api.uri("/healthz"));
    assertThat(api.send(plain).statusCode()).isEqualTo(200);
    assertThat(api.send(HttpRequest.newBuilder(api.uri("/readyz"))).statusCode()).isEqualTo(200);
    api.readiness.setNotReady(List.of("data plane not attached"));
    HttpResponse<String> notReady = api.send(HttpRequest.newBuilder(api.uri("/readyz")));
    assertThat(notReady.statusCode()).isEqualTo(503);
    assertThat(notReady.body()).contains("data plane not attached");
    HttpResponse<String> metrics = api.send(HttpRequest.newBuilder(api.uri("/metrics")));
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body()).contains("fulcrum_up 1");
    assertThat(metrics.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
  }

  @Test
  void everythingElseNeedsTheToken() {
    HttpResponse<String> r = api.send(HttpRequest.newBuilder(api.uri("/api/v1/services")));
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"fulcrum\"");
    JsonNode p = tree(r);
    assertThat(p.has("detail")).isFalse();
    assertThat(p.get("status").asInt()).isEqualTo(401);
    assertThat(api.get("/api/v1/openapi.json").statusCode()).isEqualTo(200);
  }
}
