package io.fulcrum.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fulcrum.api.port.RuntimeState;
import io.fulcrum.api.store.FileRuntimeSettingsStore;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Runtime changes made over HTTP survive a restart of the server (and of its store). */
class PersistenceTest {
  final Path dir;

  PersistenceTest() throws Exception {
    dir = Files.createTempDirectory("fulcrum-persist");
  }

  @AfterEach
  void cleanup() throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Test
  void changesSurviveARestart() {
    Path file = dir.resolve("state/runtime.json");
    String servicesBefore;
    try (ApiFixture first = new ApiFixture(FileRuntimeSettingsStore.open(file), c -> c)) {
      assertThat(first.json("POST", "/api/v1/services", ApiEndpointsTest.WEB).statusCode())
          .isEqualTo(201);
      assertThat(first.post("/api/v1/services/web/backends/198.18.1.3:8080/drain").statusCode())
          .isEqualTo(200);
      assertThat(
              first
                  .json("PATCH", "/api/v1/services/web/healthcheck", "{\"intervalMillis\":1500}")
                  .statusCode())
          .isEqualTo(200);
      servicesBefore = first.get("/api/v1/services").body();
    }
    assertThat(file).exists();
    try (ApiFixture second = new ApiFixture(FileRuntimeSettingsStore.open(file), c -> c)) {
      assertThat(second.get("/api/v1/services").body()).isEqualTo(servicesBefore);
      JsonNode b = ApiFixture.tree(second.get("/api/v1/services/web/backends/198.18.1.3"));
      assertThat(b.get("adminState").asText()).isEqualTo("draining");
      JsonNode hc = ApiFixture.tree(second.get("/api/v1/services/web/healthcheck"));
      assertThat(hc.get("intervalMillis").asLong()).isEqualTo(1500);
      assertThat(second.store.current().revision()).isEqualTo(3);
    }
  }

  @Test
  void noTemporaryFileIsLeftBehind() throws Exception {
    Path file = dir.resolve("runtime.json");
    try (ApiFixture api = new ApiFixture(FileRuntimeSettingsStore.open(file), c -> c)) {
      api.json("POST", "/api/v1/services", ApiEndpointsTest.WEB);
      api.delete("/api/v1/services/web");
    }
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactly("runtime.json");
    }
    assertThat(FileRuntimeSettingsStore.open(file).current().services()).isEmpty();
  }

  @Test
  void aChangeThatCannotBeWrittenIsRefusedAndChangesNothing() throws Exception {
    Path blocker = dir.resolve("blocker");
    Files.writeString(blocker, "a file where a directory should be");
    FileRuntimeSettingsStore store = FileRuntimeSettingsStore.open(blocker.resolve("runtime.json"));
    try (ApiFixture api = new ApiFixture(store, c -> c)) {
      HttpResponse<String> r = api.json("POST", "/api/v1/services", ApiEndpointsTest.WEB);
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(ApiFixture.tree(r).get("type").asText())
          .isEqualTo("urn:fulcrum:problem:unavailable");
      assertThat(store.current()).isEqualTo(RuntimeState.EMPTY);
      assertThat(api.get("/api/v1/services/web").statusCode()).isEqualTo(404);
    }
  }

  @Test
  void aCorruptStateFileStopsTheStartInsteadOfLosingSettings() throws Exception {
    Path file = dir.resolve("runtime.json");
    Files.writeString(file, "{\"revision\":1,\"services\":{\"web\":");
    assertThatThrownBy(() -> FileRuntimeSettingsStore.open(file))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining(file.toString());
  }
}
