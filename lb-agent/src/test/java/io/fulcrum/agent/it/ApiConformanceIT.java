package io.fulcrum.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fulcrum.api.http.BadInputConformance;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The REST API of a running agent under bad and concurrent requests: every row of the API module's
 * bad-input table (over 100: tokens, types, ranges, unknown fields, malformed and oversized bodies,
 * wrong methods, path traversal) gets its status and problem document and changes nothing, neither
 * what the API shows nor the runtime state on disk; concurrent PATCHes from several clients leave a
 * consistent final state.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiConformanceIT {
  static final String HC = "/api/v1/services/static/healthcheck";
  ApiRig rig;
  Path stateFile;

  @BeforeAll
  void start() {
    rig = new ApiRig(BadInputConformance.TOKEN);
    rig.start(
        rig.yaml(
            ", maxBodyBytes: " + BadInputConformance.MAX_BODY,
            "services:\n  - {name: static, vip: 198.18.0.20, port: 80, backends: "
                + "[{address: 198.18.2.2, port: 80}]}\n"));
    stateFile = rig.dir.resolve("state").resolve("runtime.json");
    // the state the table expects: an API-owned "web" with a tuned check and a drained backend
    assertThat(rig.json("POST", "/api/v1/services", BadInputConformance.WEB_SERVICE).statusCode())
        .isEqualTo(201);
    HttpResponse<String> hc =
        rig.json("PUT", "/api/v1/services/web/healthcheck", BadInputConformance.WEB_HEALTHCHECK);
    assertThat(hc.statusCode()).as(hc.body()).isEqualTo(200);
    assertThat(rig.call("POST", BadInputConformance.DRAINED + "/drain").statusCode())
        .isEqualTo(200);
  }

  @AfterAll
  void stop() {
    if (rig != null) {
      rig.close();
    }
  }

  /** What the API shows of its state (not the probes' results, which move on by themselves). */
  String visibleState() {
    StringBuilder s = new StringBuilder(rig.call("GET", "/api/v1/services").body());
    for (String name : List.of("web", "static")) {
      s.append(rig.call("GET", "/api/v1/services/" + name + "/healthcheck").body());
      for (JsonNode b : rig.get("/api/v1/services/" + name + "/backends").get("backends")) {
        s.append(b.get("id").asText()).append('=').append(b.get("adminState").asText());
      }
    }
    return s.toString();
  }

  @Test
  void everyBadRequestGetsItsProblemAndChangesNothing() throws Exception {
    String before = visibleState();
    byte[] onDisk = Files.readAllBytes(stateFile);
    assertThat(BadInputConformance.size()).isGreaterThanOrEqualTo(100);

    List<String> wrong = BadInputConformance.check(rig.apiPort);

    assertThat(wrong).as("rows answered wrongly").isEmpty();
    assertThat(visibleState()).isEqualTo(before);
    assertThat(Files.readAllBytes(stateFile)).as("runtime state on disk").isEqualTo(onDisk);
    assertThat(rig.agent.logText()).doesNotContain(BadInputConformance.TOKEN);
    System.out.printf(
        "api-conformance: %d bad requests refused with their problem, state unchanged%n",
        BadInputConformance.size());
  }

  /** Read, add one to rise, write back under If-Match; retried when someone else won. */
  int incrementRise() {
    for (int attempt = 1; ; attempt++) {
      HttpResponse<String> r = rig.call("GET", HC);
      int rise = ApiRig.tree(r).get("rise").asInt();
      HttpResponse<String> w =
          rig.send(
              rig.request(HC)
                  .header("Content-Type", "application/json")
                  .header("If-Match", r.headers().firstValue("ETag").orElseThrow())
                  .method(
                      "PATCH",
                      HttpRequest.BodyPublishers.ofString("{\"rise\":" + (rise + 1) + "}")));
      if (w.statusCode() == 200) {
        return attempt;
      }
      assertThat(w.statusCode()).as(w.body()).isEqualTo(412);
    }
  }

  @Test
  void concurrentPatchesFromSeveralClientsLeaveAConsistentState() throws Exception {
    HttpResponse<String> put =
        rig.json(
            "PUT",
            HC,
            "{\"type\":\"tcp\",\"intervalMillis\":1000,\"timeoutMillis\":100,\"rise\":1,"
                + "\"fall\":1}");
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<Integer>> jobs = new ArrayList<>();
    try {
      // four clients increment rise five times each under If-Match: no increment may be lost
      for (int c = 0; c < 4; c++) {
        jobs.add(
            pool.submit(
                () -> {
                  int attempts = 0;
                  for (int k = 0; k < 5; k++) {
                    attempts += incrementRise();
                  }
                  return attempts;
                }));
      }
      // four clients each patch their own field ten times: each one's last value must stay
      String[] fields = {"fall", "intervalMillis", "timeoutMillis", "port"};
      int[] base = {1, 1000, 100, 9000};
      int[] step = {1, 100, 10, 1};
      for (int c = 0; c < 4; c++) {
        int f = c;
        jobs.add(
            pool.submit(
                () -> {
                  for (int k = 1; k <= 10; k++) {
                    HttpResponse<String> r =
                        rig.json(
                            "PATCH", HC, "{\"" + fields[f] + "\":" + (base[f] + k * step[f]) + "}");
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                  }
                  return 10;
                }));
      }
      int attempts = 0;
      for (Future<Integer> j : jobs) {
        attempts += j.get(60, TimeUnit.SECONDS);
      }
      System.out.printf(
          "api-concurrency: 20 If-Match increments took %d attempts; 40 field patches%n",
          attempts - 40);
    } finally {
      pool.shutdownNow();
    }
    JsonNode end = rig.get(HC);
    assertThat(end.get("type").asText()).isEqualTo("tcp");
    assertThat(end.get("rise").asInt()).isEqualTo(21);
    assertThat(end.get("fall").asInt()).isEqualTo(11);
    assertThat(end.get("intervalMillis").asInt()).isEqualTo(2000);
    assertThat(end.get("timeoutMillis").asInt()).isEqualTo(200);
    assertThat(end.get("port").asInt()).isEqualTo(9010);
    // what is stored is what is served
    JsonNode stored = ApiRig.JSON.readTree(stateFile.toFile()).get("healthChecks").get("static");
    assertThat(stored).isEqualTo(end);
  }
}
