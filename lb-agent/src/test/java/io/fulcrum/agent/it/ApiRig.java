package io.fulcrum.agent.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fulcrum.testrig.Capabilities;
import io.fulcrum.testrig.RunId;
import io.fulcrum.testrig.Sh;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The demo topology with HTTP servers on the three backends and an agent serving the REST API on
 * the host's loopback (its runtime state in the test's own directory), plus an HTTP client for the
 * API. Everything is removed on close.
 */
final class ApiRig implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  final Path dir;
  final LbTopology topo;
  final Path config;
  final String pin;
  final int apiPort = AgentProcess.freePort();
  final String token;
  AgentProcess agent;
  private int restarts;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  ApiRig(String token) {
    Capabilities.requireKernelTestRig();
    this.token = token;
    try {
      dir = Files.createTempDirectory("fulcrum-api-it");
      Files.writeString(dir.resolve("token"), token + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    LbTopology t = null;
    try {
      t = new LbTopology(dir);
      for (int i = 1; i <= 3; i++) {
        t.startHttp(i);
      }
    } catch (RuntimeException e) {
      if (t != null) {
        t.close();
      }
      Sh.quiet("rm", "-rf", dir.toString());
      throw e;
    }
    topo = t;
    String run = RunId.next("rapi");
    config = dir.resolve(run + ".yaml");
    pin = "/sys/fs/bpf/fulcrum-it-" + run;
  }

  /** The config: data plane, API section (with {@code apiExtra} inside its braces), the rest. */
  String yaml(String apiExtra, String rest) {
    return topo.dataplaneYaml(pin)
        + "metrics: {enabled: false}\n"
        + "api: {enabled: true, listen: \"127.0.0.1:"
        + apiPort
        + "\", tokenFile: "
        + dir.resolve("token")
        + ", stateDir: "
        + dir.resolve("state")
        + apiExtra
        + "}\n"
        + rest;
  }

  /** Writes the config and starts the agent; returns once the API answers. */
  void start(String yaml) {
    try {
      Files.writeString(config, yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    agent = AgentProcess.start(config, dir.resolve("agent.log").toFile());
    agent.awaitLog("REST API on", Duration.ofSeconds(10));
  }

  /** Stops the agent (SIGTERM) and starts it again on the same config and state directory. */
  void restart() {
    agent.stop();
    // a new log: the old one already holds the lines the start waits for
    agent = AgentProcess.start(config, dir.resolve("agent-" + ++restarts + ".log").toFile());
    agent.awaitLog("REST API on", Duration.ofSeconds(10));
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + apiPort + path);
  }

  HttpResponse<String> send(HttpRequest.Builder b) {
    try {
      return http.send(
          b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A request with the bearer token. */
  HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token);
  }

  HttpResponse<String> call(String method, String path) {
    return send(request(path).method(method, HttpRequest.BodyPublishers.noBody()));
  }

  HttpResponse<String> json(String method, String path, String body) {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(body)));
  }

  static JsonNode tree(HttpResponse<String> r) {
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** GET of a JSON resource that must answer 200. */
  JsonNode get(String path) {
    HttpResponse<String> r = call("GET", path);
    if (r.statusCode() != 200) {
      throw new AssertionError("GET " + path + " -> " + r.statusCode() + ": " + r.body());
    }
    return tree(r);
  }

  @Override
  public void close() {
    if (agent != null) {
      agent.close();
    }
    AgentProcess.cli("teardown", "--config", config.toString());
    Sh.quiet("rm", "-rf", pin);
    topo.close();
    Sh.quiet("rm", "-rf", dir.toString());
  }
}
