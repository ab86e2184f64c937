package io.fulcrum.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.testrig.Capabilities;
import io.fulcrum.testrig.RunId;
import io.fulcrum.testrig.Sh;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The REST API served by the agent (real XDP data plane in namespaces, API on the host's loopback):
 * services and backends are listed; draining a backend keeps its open connection working while new
 * connections go elsewhere; enabling it lets it take new flows again.
 */
class RestApiIT {
  static final String VIP = "198.18.100.30";
  static final String TOKEN = "it-token-0123456789";

  Path dir;
  LbTopology topo;
  Path config;
  String pin;
  AgentProcess agent;
  int apiPort;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void topology() throws IOException {
    Capabilities.requireKernelTestRig();
    dir = Files.createTempDirectory("fulcrum-rest-it");
    topo = new LbTopology(dir);
    for (int i = 1; i <= 3; i++) {
      topo.startStream(i);
    }
    String run = RunId.next("api");
    config = dir.resolve(run + ".yaml");
    pin = "/sys/fs/bpf/fulcrum-it-" + run;
    apiPort = AgentProcess.freePort();
    Files.writeString(dir.resolve("token"), TOKEN + "\n");
  }

  @AfterEach
  void tearDown() {
    if (agent != null) {
      agent.close();
    }
    if (config != null) {
      AgentProcess.cli("teardown", "--config", config.toString());
    }
    Sh.quiet("rm", "-rf", pin);
    if (topo != null) {
      topo.close();
    }
    if (dir != null) {
      Sh.quiet("rm", "-rf", dir.toString());
    }
  }

  String yaml() {
    String backends = LbTopology.backendList(9000);
    return topo.dataplaneYaml(pin)
        + "metrics: {enabled: false}\n"
        + "api: {enabled: true, listen: \"127.0.0.1:"
        + apiPort
        + "\", tokenFile: "
        + dir.resolve("token")
        + ", stateDir: "
        + dir.resolve("state")
        + "}\nservices:\n  - {name: stream, vip: "
        + VIP
        + ", port: 9000, backends: ["
        + backends
        + "]}\n";
  }

  HttpResponse<String> call(String method, String path) throws Exception {
    HttpRequest r =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + "/api/v1" + path))
            .header("Authorization", "Bearer " + TOKEN)
            .method(method, HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofSeconds(5))
            .build();
    return http.send(r, HttpResponse.BodyHandlers.ofString());
  }

  /** The backend a fresh short connection through the VIP lands on. */
  String newConnectionBackend() throws Exception {
    File f = topo.startStreamClient(VIP, 9000, 1);
    for (int i = 0; i < 50; i++) {
      String s = Files.readString(f.toPath());
      int at = s.indexOf("connected backend=");
      if (at >= 0 && s.indexOf('\n', at) > 0) {
        return s.substring(at + "connected backend=".length(), s.indexOf('\n', at)).trim();
      }
      Thread.sleep(100);
    }
    return "";
  }

  Set<String> newConnections(int n) throws Exception {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < n; i++) {
      seen.add(newConnectionBackend());
    }
    return seen;
  }

  @Test
  void drainKeepsTheOpenConnectionAndTakesNoNewOnesUntilEnabled() throws Exception {
    Files.writeString(config, yaml());
    agent = AgentProcess.start(config, dir.resolve("agent.log").toFile());
    agent.awaitLog("REST API on", Duration.ofSeconds(10));

    HttpResponse<String> services = call("GET", "/services");
    assertThat(services.statusCode()).as(services.body()).isEqualTo(200);
    assertThat(services.body()).contains("\"stream\"").contains(VIP);
    HttpResponse<String> backends = call("GET", "/services/stream/backends");
    assertThat(backends.statusCode()).as(backends.body()).isEqualTo(200);
    assertThat(backends.body()).contains(LbTopology.backendAddress(1) + ":9000");

    // a long stream, then drain the backend it landed on
    File open = topo.startStreamClient(VIP, 9000, 6);
    String victim = "";
    for (int i = 0; i < 50 && victim.isEmpty(); i++) {
      String s = Files.readString(open.toPath());
      int at = s.indexOf("connected backend=");
      if (at >= 0 && s.indexOf('\n', at) > 0) {
        victim = s.substring(at + "connected backend=".length(), s.indexOf('\n', at)).trim();
      }
      Thread.sleep(100);
    }
    assertThat(victim).startsWith("backend-");
    String id = LbTopology.backendAddress(Integer.parseInt(victim.substring(8))) + ":9000";
    HttpResponse<String> drained = call("POST", "/services/stream/backends/" + id + "/drain");
    assertThat(drained.statusCode()).as(drained.body()).isEqualTo(200);
    assertThat(drained.body()).containsIgnoringCase("draining");
    Thread.sleep(500);

    assertThat(newConnections(12)).doesNotContain(victim).isNotEmpty();

    // the open connection kept streaming through the drain, without loss or reset
    for (int i = 0; i < 100 && !Files.readString(open.toPath()).contains("reset="); i++) {
      Thread.sleep(100);
    }
    String verdict = Files.readString(open.toPath());
    assertThat(verdict).contains("backend=" + victim).contains("errors=0").contains("reset=0");

    HttpResponse<String> enabled = call("POST", "/services/stream/backends/" + id + "/enable");
    assertThat(enabled.statusCode()).as(enabled.body()).isEqualTo(200);
    Thread.sleep(500);
    assertThat(newConnections(24)).contains(victim);
  }

  /** Starts a long stream and returns the backend it landed on with its verdict file. */
  File[] openStream(String[] victim) throws Exception {
    File open = topo.startStreamClient(VIP, 9000, 8);
    for (int i = 0; i < 50 && victim[0].isEmpty(); i++) {
      String s = Files.readString(open.toPath());
      int at = s.indexOf("connected backend=");
      if (at >= 0 && s.indexOf('\n', at) > 0) {
        victim[0] = s.substring(at + "connected backend=".length(), s.indexOf('\n', at)).trim();
      }
      Thread.sleep(100);
    }
    return new File[] {open};
  }

  @Test
  void disableEndsTheOpenConnectionToo() throws Exception {
    Files.writeString(config, yaml());
    agent = AgentProcess.start(config, dir.resolve("agent.log").toFile());
    agent.awaitLog("REST API on", Duration.ofSeconds(10));
    String[] victim = {""};
    File open = openStream(victim)[0];
    assertThat(victim[0]).startsWith("backend-");
    String id = LbTopology.backendAddress(Integer.parseInt(victim[0].substring(8))) + ":9000";
    Thread.sleep(1000);
    HttpResponse<String> disabled = call("POST", "/services/stream/backends/" + id + "/disable");
    assertThat(disabled.statusCode()).as(disabled.body()).isEqualTo(200);
    agent.awaitLog("established flows flushed", Duration.ofSeconds(5));
    assertThat(newConnections(6)).doesNotContain(victim[0]).isNotEmpty();
    // the flushed flow cannot go on: the stream ends early with a reset or a timeout
    for (int i = 0; i < 200 && !Files.readString(open.toPath()).contains("reset="); i++) {
      Thread.sleep(100);
    }
    assertThat(Files.readString(open.toPath()))
        .contains("backend=" + victim[0])
        .contains("reset=1");
  }
}
