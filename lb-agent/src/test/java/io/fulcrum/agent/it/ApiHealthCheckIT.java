package io.fulcrum.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Health checks tuned live over the REST API of a running agent (real XDP data plane, three HTTP
 * backends in namespaces): a PATCH of the interval takes effect within one old interval, as the
 * backends' own request logs show, and the backends' details (probe result, time, latency, run of
 * results, data-plane counters) are filled.
 */
class ApiHealthCheckIT {
  static final String VIP = "198.18.100.40";
  static final long OLD_INTERVAL_MS = 2000;
  static final String HC = "/api/v1/services/web/healthcheck";

  ApiRig rig;

  @BeforeEach
  void start() {
    rig = new ApiRig("hc-it-token-0123456789");
    rig.start(
        rig.yaml(
            "",
            "services:\n  - {name: web, vip: "
                + VIP
                + ", port: 80, backends: ["
                + LbTopology.backendList(8080)
                + "]}\nhealthcheck:\n  services:\n    web: {type: http, path: /, interval: "
                + OLD_INTERVAL_MS
                + "ms, timeout: 500ms, rise: 2, fall: 3}\n"));
  }

  @AfterEach
  void stop() {
    if (rig != null) {
      rig.close();
    }
  }

  /** Probe requests backend i has logged so far (python's http.server logs one line each). */
  long probesSeenBy(int i) throws IOException {
    Path log = rig.dir.resolve("http-" + i + ".log");
    return Files.readAllLines(log).stream()
        .filter(l -> l.startsWith("198.18.1" + i + ".1 ") && l.contains("\"GET / "))
        .count();
  }

  JsonNode backend(int i) {
    for (JsonNode b : rig.get("/api/v1/services/web/backends").get("backends")) {
      if (b.get("address").asText().equals(LbTopology.backendAddress(i))) {
        return b;
      }
    }
    throw new AssertionError("no backend " + i);
  }

  @Test
  void intervalChangeTakesEffectWithinOneOldInterval() throws Exception {
    for (int i = 0; i < 100 && !backend(1).get("health").asText().equals("up"); i++) {
      Thread.sleep(100);
    }
    JsonNode before = rig.get(HC);
    assertThat(before.get("type").asText()).isEqualTo("http");
    assertThat(before.get("intervalMillis").asLong()).isEqualTo(OLD_INTERVAL_MS);

    long seenBefore = probesSeenBy(1);
    HttpResponse<String> patched =
        rig.json("PATCH", HC, "{\"intervalMillis\":200,\"timeoutMillis\":100}");
    long patchedAt = System.nanoTime();
    assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
    assertThat(ApiRig.tree(patched).get("intervalMillis").asLong()).isEqualTo(200);
    assertThat(ApiRig.tree(patched).get("path").asText()).isEqualTo("/");
    assertThat(patched.headers().firstValue("ETag")).isPresent();

    // at the old rate a backend sees at most one probe in 2 s; at the new one about ten
    long thirdNewProbeMs = -1;
    while (System.nanoTime() - patchedAt < Duration.ofMillis(OLD_INTERVAL_MS).toNanos()) {
      if (probesSeenBy(1) - seenBefore >= 3) {
        thirdNewProbeMs = (System.nanoTime() - patchedAt) / 1_000_000;
        break;
      }
      Thread.sleep(20);
    }
    assertThat(thirdNewProbeMs)
        .as("three probes at the new 200 ms interval within one old interval (2 s)")
        .isBetween(0L, OLD_INTERVAL_MS);
    Thread.sleep(1000);
    long perSecond = probesSeenBy(2);
    Thread.sleep(1000);
    perSecond = probesSeenBy(2) - perSecond;
    assertThat(perSecond).as("probes of backend 2 in one second").isBetween(3L, 7L);
    System.out.printf(
        "api-healthcheck: third probe at the new interval %d ms after the PATCH (old interval"
            + " %d ms); %d probes/s afterwards%n",
        thirdNewProbeMs, OLD_INTERVAL_MS, perSecond);
    assertThat(rig.get(HC).get("intervalMillis").asLong()).isEqualTo(200);
  }

  @Test
  void backendDetailsCarryTheLastProbeAndTheDataPlaneCounters() throws Exception {
    HttpResponse<String> faster =
        rig.json("PATCH", HC, "{\"intervalMillis\":300,\"timeoutMillis\":200,\"fall\":2}");
    assertThat(faster.statusCode()).as(faster.body()).isEqualTo(200);
    for (int i = 0; i < 100 && backend(3).get("consecutiveSuccesses").asInt() < 2; i++) {
      Thread.sleep(100);
    }
    for (int i = 0; i < 30; i++) {
      assertThat(rig.topo.curl("http://" + VIP + "/")).startsWith("backend-");
    }
    long flows = 0;
    for (int i = 1; i <= 3; i++) {
      JsonNode b = backend(i);
      assertThat(b.get("health").asText()).isEqualTo("up");
      assertThat(b.get("adminState").asText()).isEqualTo("enabled");
      assertThat(b.get("consecutiveSuccesses").asInt()).isGreaterThanOrEqualTo(1);
      assertThat(b.get("consecutiveFailures").asInt()).isZero();
      JsonNode last = b.get("lastProbe");
      assertThat(last.get("success").asBoolean()).isTrue();
      assertThat(last.get("reason").asText()).isEqualTo("ok");
      assertThat(last.get("latencyMillis").asDouble()).isGreaterThan(0).isLessThan(500);
      Instant at = Instant.parse(last.get("at").asText());
      assertThat(Duration.between(at, Instant.now()).abs())
          .isLessThan(Duration.ofMillis(OLD_INTERVAL_MS + 1500));
      JsonNode c = b.get("counters");
      assertThat(c.get("packets").asLong()).isPositive();
      assertThat(c.get("bytes").asLong()).isGreaterThan(c.get("packets").asLong());
      flows += c.get("newFlows").asLong();
      // one backend alone answers the same
      JsonNode one =
          rig.get("/api/v1/services/web/backends/" + LbTopology.backendAddress(i) + ":8080");
      assertThat(one.get("id").asText()).isEqualTo(b.get("id").asText());
    }
    assertThat(flows).isGreaterThanOrEqualTo(30);

    // a backend whose server dies: the reason and the run of failures show
    HealthIT.killAll(rig.topo.backends.get(1));
    for (int i = 0; i < 100 && !backend(2).get("health").asText().equals("down"); i++) {
      Thread.sleep(100);
    }
    JsonNode dead = backend(2);
    assertThat(dead.get("health").asText()).isEqualTo("down");
    assertThat(dead.get("consecutiveFailures").asInt()).isGreaterThanOrEqualTo(2);
    assertThat(dead.get("consecutiveSuccesses").asInt()).isZero();
    assertThat(dead.get("lastProbe").get("success").asBoolean()).isFalse();
    assertThat(dead.get("lastProbe").get("reason").asText()).isNotBlank().isNotEqualTo("ok");
  }
}
