package io.fulcrum.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fulcrum.api.port.Health;
import io.fulcrum.api.port.NodeStatus;
import io.fulcrum.api.port.ProbeResult;
import io.fulcrum.api.port.TrafficCounters;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The served OpenAPI document is valid, and every path and method it lists answers as it says. */
class OpenApiDocumentTest {
  static final List<String> METHODS = List.of("get", "post", "put", "patch", "delete");
  final ApiFixture api = new ApiFixture();

  @AfterEach
  void close() {
    api.close();
  }

  JsonNode servedDocument() {
    HttpResponse<String> r = api.get("/api/v1/openapi.json");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
    return ApiFixture.tree(r);
  }

  @Test
  void documentValidatesWithSwaggerParser() {
    String doc = api.get("/api/v1/openapi.json").body();
    ParseOptions o = new ParseOptions();
    o.setResolve(true);
    SwaggerParseResult result = new OpenAPIV3Parser().readContents(doc, null, o);
    assertThat(result.getMessages()).isEmpty();
    assertThat(result.getOpenAPI()).isNotNull();
    assertThat(result.getOpenAPI().getPaths()).hasSizeGreaterThanOrEqualTo(13);
  }

  @Test
  void validatorRejectsABrokenDocument() {
    String broken =
        api.get("/api/v1/openapi.json")
            .body()
            .replace("\"#/components/schemas/Service\"", "\"#/components/schemas/Nope\"");
    ParseOptions o = new ParseOptions();
    o.setResolve(true);
    assertThat(new OpenAPIV3Parser().readContents(broken, null, o).getMessages()).isNotEmpty();
  }

  @Test
  void everyDocumentedOperationAnswersAsDocumented() {
    JsonNode doc = servedDocument();
    api.backends.recordProbe(
        "web",
        "198.18.1.2:8080",
        Health.UP,
        new ProbeResult(Instant.now(), true, "connected", 0.4));
    api.backends.setCounters("web", "198.18.1.2:8080", new TrafficCounters(1, 60, 1));
    api.status.set(
        new NodeStatus(
            "node-a",
            new NodeStatus.Election("follower", 3, "node-b", List.of("node-a", "node-b")),
            List.of(new NodeStatus.VipOwner("198.18.0.10", "node-b", false)),
            List.of(
                new NodeStatus.BgpSession("198.18.0.1", 65000, "established", Instant.now(), 1)),
            new NodeStatus.DataPlane(true, "eth0", "generic", null),
            List.of(new NodeStatus.MapFill("conntrack", 1, 1000))));

    List<String[]> ops = new ArrayList<>();
    for (Map.Entry<String, JsonNode> p : doc.get("paths").properties()) {
      for (String m : METHODS) {
        if (p.getValue().has(m)) {
          ops.add(new String[] {p.getKey(), m});
        }
      }
    }
    // the create (from its example) first, deletes last, so the others find the service
    ops.sort(
        java.util.Comparator.<String[], Boolean>comparing(
                o -> !o[1].equals("post") || !o[0].equals("/api/v1/services"))
            .thenComparing(o -> o[1].equals("delete")));
    List<String> problems = new ArrayList<>();
    for (String[] op : ops) {
      JsonNode operation = doc.get("paths").get(op[0]).get(op[1]);
      String path = op[0].replace("{name}", "web").replace("{backend}", "198.18.1.2:8080");
      HttpRequest.Builder b = api.request(path);
      JsonNode rb = operation.path("requestBody").path("content").path("application/json");
      if (!rb.isMissingNode()) {
        b.header("Content-Type", "application/json")
            .method(
                op[1].toUpperCase(),
                HttpRequest.BodyPublishers.ofString(rb.get("example").toString()));
      } else {
        b.method(op[1].toUpperCase(), HttpRequest.BodyPublishers.noBody());
      }
      HttpResponse<String> r = api.send(b);
      String code = String.valueOf(r.statusCode());
      JsonNode response = operation.path("responses").path(code);
      if (response.isMissingNode() || r.statusCode() >= 300) {
        problems.add(op[1] + " " + op[0] + " answered " + code + ": " + r.body());
        continue;
      }
      while (response.has("$ref")) {
        response = doc.at(response.get("$ref").asText().substring(1));
      }
      JsonNode schema = response.path("content").path("application/json").path("schema");
      if (!schema.isMissingNode()) {
        List<String> errs = SchemaCheck.check(doc, schema, ApiFixture.tree(r));
        errs.forEach(e -> problems.add(op[1] + " " + op[0] + ": " + e));
      }
      boolean secured = !operation.has("security") || !operation.get("security").isEmpty();
      if (secured && !op[1].equals("delete")) {
        HttpResponse<String> anon =
            api.send(
                HttpRequest.newBuilder(api.uri(path))
                    .method(op[1].toUpperCase(), HttpRequest.BodyPublishers.noBody()));
        if (anon.statusCode() != 401 || !operation.path("responses").has("401")) {
          problems.add(op[1] + " " + op[0] + " without token answered " + anon.statusCode());
        }
      }
    }
    assertThat(problems).isEmpty();
    assertThat(ops).hasSizeGreaterThanOrEqualTo(18);
  }

  @Test
  void methodsTheDocumentDoesNotListAreRefused() {
    JsonNode doc = servedDocument();
    api.json("POST", "/api/v1/services", ApiEndpointsTest.WEB);
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, JsonNode> p : doc.get("paths").properties()) {
      String path = p.getKey().replace("{name}", "web").replace("{backend}", "198.18.1.2:8080");
      for (String m : METHODS) {
        if (p.getValue().has(m)) {
          continue;
        }
        HttpResponse<String> r =
            api.send(
                api.request(path).method(m.toUpperCase(), HttpRequest.BodyPublishers.noBody()));
        if (r.statusCode() != 405) {
          problems.add(m + " " + p.getKey() + " answered " + r.statusCode());
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void problemResponsesMatchTheProblemSchema() {
    JsonNode doc = servedDocument();
    HttpResponse<String> r =
        api.json("POST", "/api/v1/services", "{\"name\":\"x\",\"vip\":\"nope\",\"port\":0}");
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(SchemaCheck.check(doc, doc.at("/components/schemas/Problem"), ApiFixture.tree(r)))
        .isEmpty();
  }
}
