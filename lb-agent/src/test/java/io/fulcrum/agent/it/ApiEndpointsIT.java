package io.fulcrum.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every operation of the OpenAPI document, called over real HTTP on a running agent (real XDP data
 * plane, HTTP backends in namespaces) and doing what it says: a service created through the API
 * carries traffic, replace / drain / disable / enable / delete change it, health-check settings are
 * read and changed; everything changed through the API is still there after a restart; services of
 * the configuration file are read-only.
 */
class ApiEndpointsIT {
  static final String FILE_VIP = "198.18.100.41";
  static final String API_VIP = "198.18.100.42";
  static final String SVC = "/api/v1/services";
  static final String SHOP = SVC + "/shop";
  static final String B2 = LbTopology.backendAddress(2) + ":8080";
  static final String B3 = LbTopology.backendAddress(3) + ":8080";

  ApiRig rig;
  final Set<String> covered = new TreeSet<>();

  @BeforeEach
  void start() {
    rig = new ApiRig("endpoints-it-token-0123456789");
    rig.start(
        rig.yaml(
            "",
            "services:\n  - {name: static, vip: "
                + FILE_VIP
                + ", port: 80, backends: ["
                + LbTopology.backendList(8080)
                + "]}\n"));
  }

  @AfterEach
  void stop() {
    if (rig != null) {
      rig.close();
    }
  }

  /** Calls one operation of the document and checks its status. */
  HttpResponse<String> op(
      String method, String template, String path, String body, int status, boolean auth) {
    HttpRequest.Builder b =
        auth
            ? rig.request(path)
            : HttpRequest.newBuilder(rig.uri(path)); // health, readiness and metrics are open
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = rig.send(b);
    assertThat(r.statusCode()).as("%s %s: %s", method, path, r.body()).isEqualTo(status);
    covered.add(method + " " + template);
    return r;
  }

  HttpResponse<String> op(String method, String template, String path, String body, int status) {
    return op(method, template, path, body, status, true);
  }

  /** The backends fresh HTTP requests through a VIP land on. */
  Set<String> served(String vip, int requests) {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < requests; i++) {
      seen.add(rig.topo.curl("http://" + vip + "/"));
    }
    return seen;
  }

  static String shop(int... backends) {
    StringBuilder b = new StringBuilder();
    for (int i : backends) {
      b.append(b.length() == 0 ? "" : ",")
          .append("{\"address\":\"")
          .append(LbTopology.backendAddress(i))
          .append("\",\"port\":8080}");
    }
    return "{\"name\":\"shop\",\"vip\":\"" + API_VIP + "\",\"port\":80,\"backends\":[" + b + "]}";
  }

  @Test
  void everyDocumentedOperationWorksOnTheAgentAndApiChangesSurviveARestart() throws Exception {
    op("GET", "/healthz", "/healthz", null, 200, false);
    op("GET", "/readyz", "/readyz", null, 200, false);
    assertThat(op("GET", "/metrics", "/metrics", null, 200, false).body()).contains("fulcrum_");
    JsonNode doc =
        ApiRig.tree(op("GET", "/api/v1/openapi.json", "/api/v1/openapi.json", null, 200));
    JsonNode status = ApiRig.tree(op("GET", "/api/v1/status", "/api/v1/status", null, 200));
    assertThat(status.get("dataPlane").get("attached").asBoolean()).isTrue();
    assertThat(status.get("maps").size()).isPositive();

    JsonNode list = ApiRig.tree(op("GET", SVC, SVC, null, 200));
    assertThat(list.get("services").get(0).get("name").asText()).isEqualTo("static");
    assertThat(list.get("services").get(0).get("readOnly").asBoolean()).isTrue();
    assertThat(list.get("services").get(0).get("source").asText()).isEqualTo("file");
    op("GET", SVC + "/{name}", SVC + "/static", null, 200);

    // a service created through the API carries traffic at once
    HttpResponse<String> created = op("POST", SVC, SVC, shop(1, 2), 201);
    assertThat(created.headers().firstValue("Location")).hasValue(SHOP);
    assertThat(ApiRig.tree(created).get("source").asText()).isEqualTo("api");
    assertThat(served(API_VIP, 12)).containsExactlyInAnyOrder("backend-1", "backend-2");
    JsonNode replaced = ApiRig.tree(op("PUT", SVC + "/{name}", SHOP, shop(1, 2, 3), 200));
    assertThat(replaced.get("backends").size()).isEqualTo(3);
    assertThat(served(API_VIP, 24)).contains("backend-3");
    JsonNode backends =
        ApiRig.tree(op("GET", SVC + "/{name}/backends", SHOP + "/backends", null, 200));
    assertThat(backends.get("backends").size()).isEqualTo(3);
    op("GET", SVC + "/{name}/backends/{backend}", SHOP + "/backends/" + B3, null, 200);

    // health checks: set, read with their ETag, change one field under If-Match
    String hc = SHOP + "/healthcheck";
    String t = SVC + "/{name}/healthcheck";
    op(
        "PUT",
        t,
        hc,
        "{\"type\":\"http\",\"intervalMillis\":500,\"timeoutMillis\":200,\"rise\":1,\"fall\":1,"
            + "\"path\":\"/\"}",
        200);
    HttpResponse<String> read = op("GET", t, hc, null, 200);
    String etag = read.headers().firstValue("ETag").orElseThrow();
    HttpResponse<String> patched =
        rig.send(
            rig.request(hc)
                .header("Content-Type", "application/json")
                .header("If-Match", etag)
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"rise\":2}")));
    assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
    covered.add("PATCH " + t);

    // drain one backend, disable another: new flows go to the third only
    String actions = SVC + "/{name}/backends/{backend}/";
    assertThat(op("POST", actions + "drain", SHOP + "/backends/" + B3 + "/drain", null, 200).body())
        .contains("\"draining\"");
    assertThat(
            op("POST", actions + "disable", SHOP + "/backends/" + B2 + "/disable", null, 200)
                .body())
        .contains("\"disabled\"");
    assertThat(served(API_VIP, 12)).containsExactly("backend-1");

    // the file's service is read-only, and the error says so
    HttpResponse<String> ro = rig.json("PUT", SVC + "/static", shop(1).replace("shop", "static"));
    assertThat(ro.statusCode()).isEqualTo(409);
    assertThat(ro.body()).contains("configuration file");
    assertThat(rig.call("DELETE", SVC + "/static").statusCode()).isEqualTo(409);

    // a restart keeps the API's service, its admin states and its health-check settings
    rig.restart();
    JsonNode again = rig.get(SHOP);
    assertThat(again.get("source").asText()).isEqualTo("api");
    assertThat(again.get("backends").size()).isEqualTo(3);
    assertThat(rig.get(SHOP + "/backends/" + B3).get("adminState").asText()).isEqualTo("draining");
    assertThat(rig.get(SHOP + "/backends/" + B2).get("adminState").asText()).isEqualTo("disabled");
    JsonNode hcAgain = rig.get(hc);
    assertThat(hcAgain.get("intervalMillis").asInt()).isEqualTo(500);
    assertThat(hcAgain.get("rise").asInt()).isEqualTo(2);
    assertThat(served(API_VIP, 12)).containsExactly("backend-1");

    op("POST", actions + "enable", SHOP + "/backends/" + B2 + "/enable", null, 200);
    op("POST", actions + "enable", SHOP + "/backends/" + B3 + "/enable", null, 200);
    assertThat(served(API_VIP, 30)).contains("backend-2", "backend-3");

    op("DELETE", SVC + "/{name}", SHOP, null, 204);
    assertThat(rig.call("GET", SHOP).statusCode()).isEqualTo(404);
    assertThat(served(API_VIP, 3)).containsExactly("");
    assertThat(served(FILE_VIP, 12)).contains("backend-1");

    // every operation the document lists was called and answered
    Set<String> documented = new TreeSet<>();
    for (Map.Entry<String, JsonNode> p : doc.get("paths").properties()) {
      p.getValue()
          .fieldNames()
          .forEachRemaining(
              m -> {
                if (!m.equals("parameters")) {
                  documented.add(m.toUpperCase(Locale.ROOT) + " " + p.getKey());
                }
              });
    }
    assertThat(covered).isEqualTo(documented);
  }
}
