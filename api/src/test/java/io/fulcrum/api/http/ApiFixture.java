package io.fulcrum.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fulcrum.api.json.Json;
import io.fulcrum.api.memory.InMemoryBackendControl;
import io.fulcrum.api.memory.InMemoryHealthCheckSettings;
import io.fulcrum.api.memory.InMemoryReadiness;
import io.fulcrum.api.memory.InMemoryRuntimeSettingsStore;
import io.fulcrum.api.memory.InMemoryServiceCatalog;
import io.fulcrum.api.memory.InMemoryStatusProvider;
import io.fulcrum.api.port.RuntimeSettingsStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;

/** A real API server on a free loopback port over in-memory ports, and an HTTP client for it. */
final class ApiFixture implements AutoCloseable {
  static final String TOKEN = "test-token-0123456789abcdef";
  static final ObjectMapper JSON = Json.strictMapper();

  final Path dir;
  final RuntimeSettingsStore store;
  final InMemoryServiceCatalog catalog;
  final InMemoryBackendControl backends;
  final InMemoryHealthCheckSettings healthChecks;
  final InMemoryStatusProvider status = new InMemoryStatusProvider("node-a");
  final InMemoryReadiness readiness = new InMemoryReadiness();
  final ApiServer server;
  final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  ApiFixture() {
    this(new InMemoryRuntimeSettingsStore(), c -> c);
  }

  ApiFixture(RuntimeSettingsStore store, UnaryOperator<ApiConfig> tune) {
    try {
      this.dir = Files.createTempDirectory("fulcrum-api-test");
      Path tokenFile = dir.resolve("token");
      Files.writeString(tokenFile, TOKEN + "\n");
      Files.setPosixFilePermissions(
          tokenFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
      this.store = store;
      this.catalog = new InMemoryServiceCatalog(store);
      this.backends = new InMemoryBackendControl(catalog, store);
      this.healthChecks = new InMemoryHealthCheckSettings(catalog, store);
      ApiPorts ports =
          new ApiPorts(
              catalog,
              backends,
              healthChecks,
              status,
              readiness,
              () -> "# TYPE fulcrum_up gauge\nfulcrum_up 1\n");
      this.server =
          new ApiServer(tune.apply(ApiConfig.defaults(tokenFile).withPort(0)), ports).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  URI uri(String path) {
    return URI.create(server.baseUri() + path);
  }

  HttpResponse<String> send(HttpRequest.Builder b) {
    try {
      return client.send(
          b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + TOKEN);
  }

  HttpResponse<String> get(String path) {
    return send(request(path).GET());
  }

  HttpResponse<String> delete(String path) {
    return send(request(path).DELETE());
  }

  HttpResponse<String> json(String method, String path, String body) {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(body)));
  }

  HttpResponse<String> post(String path) {
    return send(request(path).POST(HttpRequest.BodyPublishers.noBody()));
  }

  static JsonNode tree(HttpResponse<String> r) {
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.close();
    try (var s = Files.walk(dir)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
