package io.fulcrum.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.api.port.HealthCheckSettings;
import io.fulcrum.api.port.RuntimeState;
import io.fulcrum.api.store.FileRuntimeSettingsStore;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Several clients PATCH one service's health check at once over real HTTP. */
class ConcurrentPatchTest {
  static final int ROUNDS = 20;
  final Path stateDir;
  final FileRuntimeSettingsStore store;
  final ApiFixture api;
  final ExecutorService pool = Executors.newFixedThreadPool(6);

  ConcurrentPatchTest() throws Exception {
    stateDir = Files.createTempDirectory("fulcrum-concurrent");
    store = FileRuntimeSettingsStore.open(stateDir.resolve("runtime.json"));
    api = new ApiFixture(store, c -> c);
    assertThat(api.json("POST", "/api/v1/services", ApiEndpointsTest.WEB).statusCode())
        .isEqualTo(201);
  }

  @AfterEach
  void close() throws Exception {
    pool.shutdownNow();
    api.close();
    Files.deleteIfExists(store.file());
    Files.deleteIfExists(stateDir);
  }

  private List<Integer> runAll(List<Callable<Integer>> clients) throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Integer>> fs = new ArrayList<>();
    for (Callable<Integer> c : clients) {
      fs.add(
          pool.submit(
              () -> {
                go.await();
                return c.call();
              }));
    }
    go.countDown();
    List<Integer> ok = new ArrayList<>();
    for (Future<Integer> f : fs) {
      ok.add(f.get());
    }
    return ok;
  }

  /** Each client patches its own field; a lost update would show as an older value winning. */
  @Test
  void patchesOfDifferentFieldsAreAllKept() throws Exception {
    String[] fields = {"rise", "fall", "port", "statusMin", "statusMax", "path"};
    List<Callable<Integer>> clients = new ArrayList<>();
    for (String f : fields) {
      clients.add(
          () -> {
            int ok = 0;
            for (int i = 1; i <= ROUNDS; i++) {
              String v =
                  switch (f) {
                    case "path" -> "\"/p" + i + "\"";
                    case "statusMin" -> String.valueOf(100 + i);
                    case "statusMax" -> String.valueOf(500 + i);
                    default -> String.valueOf(i);
                  };
              HttpResponse<String> r =
                  api.json(
                      "PATCH", "/api/v1/services/web/healthcheck", "{\"" + f + "\":" + v + "}");
              assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
              ok++;
            }
            return ok;
          });
    }
    List<Integer> ok = runAll(clients);
    assertThat(ok).allMatch(n -> n == ROUNDS);

    HealthCheckSettings s = api.healthChecks.get("web");
    assertThat(s.rise()).isEqualTo(ROUNDS);
    assertThat(s.fall()).isEqualTo(ROUNDS);
    assertThat(s.port()).isEqualTo(ROUNDS);
    assertThat(s.statusMin()).isEqualTo(100 + ROUNDS);
    assertThat(s.statusMax()).isEqualTo(500 + ROUNDS);
    assertThat(s.path()).isEqualTo("/p" + ROUNDS);
    // one revision per accepted change (1 for the create), and the file holds the same state
    assertThat(store.current().revision()).isEqualTo(1 + fields.length * ROUNDS);
    assertThat(FileRuntimeSettingsStore.open(store.file()).current()).isEqualTo(store.current());
    assertThat(ApiFixture.tree(api.get("/api/v1/services/web/healthcheck")).get("rise").asInt())
        .isEqualTo(ROUNDS);
  }

  /**
   * Clients increment a counter by read-modify-write with If-Match, retrying on 412: no increment
   * is lost.
   */
  @Test
  void readModifyWriteWithIfMatchLosesNoIncrement() throws Exception {
    int clients = 4;
    int increments = 10;
    List<Callable<Integer>> cs = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      cs.add(
          () -> {
            int conflicts = 0;
            for (int i = 0; i < increments; ) {
              HttpResponse<String> read = api.get("/api/v1/services/web/healthcheck");
              int fall = ApiFixture.tree(read).get("fall").asInt();
              HttpResponse<String> w =
                  api.send(
                      api.request("/api/v1/services/web/healthcheck")
                          .header("Content-Type", "application/json")
                          .header("If-Match", read.headers().firstValue("ETag").orElseThrow())
                          .method(
                              "PATCH",
                              java.net.http.HttpRequest.BodyPublishers.ofString(
                                  "{\"fall\":" + (fall + 1) + "}")));
              if (w.statusCode() == 200) {
                i++;
              } else {
                assertThat(w.statusCode()).as(w.body()).isEqualTo(412);
                conflicts++;
              }
            }
            return conflicts;
          });
    }
    runAll(cs);
    int start = HealthCheckSettings.DEFAULTS.fall();
    assertThat(api.healthChecks.get("web").fall()).isEqualTo(start + clients * increments);
    assertThat(store.current().revision()).isEqualTo(1 + clients * increments);
  }

  /**
   * Clients race to set interval and timeout, some pairs only valid together: every answer is 200
   * or 422, the final state is valid and is exactly one client's pair.
   */
  @Test
  void racingPatchesOfRelatedFieldsLeaveAValidStateFromOneClient() throws Exception {
    List<Callable<Integer>> clients = new ArrayList<>();
    for (int c = 0; c < 6; c++) {
      final int client = c;
      clients.add(
          () -> {
            int ok = 0;
            for (int i = 0; i < ROUNDS; i++) {
              long interval = 200 + 100L * client;
              String body =
                  (client % 2 == 0)
                      ? "{\"intervalMillis\":" + interval + ",\"timeoutMillis\":" + interval + "}"
                      // odd clients only move the timeout: refused whenever it exceeds the interval
                      : "{\"timeoutMillis\":" + (150 + 100L * client) + "}";
              HttpResponse<String> r = api.json("PATCH", "/api/v1/services/web/healthcheck", body);
              assertThat(r.statusCode()).as(r.body()).isIn(200, 422);
              if (r.statusCode() == 200) {
                ok++;
              } else {
                assertThat(r.body()).contains("not-above-interval");
              }
            }
            return ok;
          });
    }
    List<Integer> ok = runAll(clients);
    int accepted = ok.stream().mapToInt(Integer::intValue).sum();
    RuntimeState end = store.current();
    HealthCheckSettings s = end.healthCheck("web");
    assertThat(s.violations()).isEmpty();
    assertThat(s.timeoutMillis()).isLessThanOrEqualTo(s.intervalMillis());
    assertThat(s.intervalMillis()).isIn(200L, 400L, 600L);
    assertThat(end.revision()).isEqualTo(1 + accepted);
    assertThat(FileRuntimeSettingsStore.open(store.file()).current()).isEqualTo(end);
  }
}
