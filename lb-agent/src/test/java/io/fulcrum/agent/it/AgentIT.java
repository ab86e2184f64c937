package io.fulcrum.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.testrig.Capabilities;
import io.fulcrum.testrig.RunId;
import io.fulcrum.testrig.Sh;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The agent as users run it ({@code java -jar fulcrum-agent.jar run}), with the real XDP data plane
 * on the demo topology: live edits, restart adoption, teardown, and metrics against traffic.
 */
class AgentIT {
  static Path dir;
  static LbTopology topo;
  Path config;
  String pin;
  int metricsPort;
  AgentProcess agent;
  int starts;

  @BeforeAll
  static void topology() throws IOException {
    Capabilities.requireKernelTestRig();
    dir = Files.createTempDirectory("fulcrum-agent-it");
    topo = new LbTopology(dir);
    for (int i = 1; i <= 3; i++) {
      topo.startHttp(i);
    }
    topo.startStream(1);
  }

  @AfterAll
  static void removeTopology() {
    if (topo != null) {
      topo.close();
    }
    if (dir != null) {
      Sh.quiet("rm", "-rf", dir.toString());
    }
  }

  @BeforeEach
  void files() {
    String run = RunId.next("ag");
    config = dir.resolve(run + ".yaml");
    pin = "/sys/fs/bpf/fulcrum-it-" + run;
    metricsPort = AgentProcess.freePort();
  }

  @AfterEach
  void stopAndTearDown() {
    if (agent != null) {
      agent.close();
    }
    AgentProcess.cli("teardown", "--config", config.toString());
    Sh.quiet("rm", "-rf", pin);
  }

  String yaml(String services) {
    return topo.dataplaneYaml(pin)
        + "metrics: {listen: \"127.0.0.1:"
        + metricsPort
        + "\"}\nservices:\n"
        + services;
  }

  static String svc(String name, String vip, int port, int backendPort, int... backends) {
    StringBuilder sb =
        new StringBuilder(
            "  - {name: " + name + ", vip: " + vip + ", port: " + port + ", backends: [");
    for (int i = 0; i < backends.length; i++) {
      sb.append(i == 0 ? "" : ", ")
          .append("{address: ")
          .append(LbTopology.backendAddress(backends[i]))
          .append(", port: ")
          .append(backendPort)
          .append("}");
    }
    return sb.append("]}\n").toString();
  }

  /** Saves like an editor does: write a new file, rename it over the old one. */
  void save(String text) throws IOException {
    Path tmp = config.resolveSibling("." + config.getFileName() + ".tmp");
    Files.writeString(tmp, text);
    Files.move(tmp, config, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  AgentProcess startAgent(String text) throws IOException {
    if (!Files.exists(config)) {
      Files.writeString(config, text);
    }
    starts++;
    return AgentProcess.start(
        config, dir.resolve(config.getFileName() + "." + starts + ".log").toFile());
  }

  record StreamResult(String backend, long bytes, long errors, long maxGapMs, int reset) {}

  static StreamResult awaitStream(File out, Duration timeout) {
    Pattern p =
        Pattern.compile("backend=(\\S+) bytes=(\\d+) errors=(\\d+) max_gap_ms=(\\d+) reset=(\\d)");
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      String text = read(out);
      Matcher m = p.matcher(text);
      if (m.find()) {
        return new StreamResult(
            m.group(1),
            Long.parseLong(m.group(2)),
            Long.parseLong(m.group(3)),
            Long.parseLong(m.group(4)),
            Integer.parseInt(m.group(5)));
      }
      AgentProcess.sleep(200);
    }
    throw new IllegalStateException("stream client gave no verdict: " + read(out));
  }

  static void awaitConnected(File out) {
    for (int i = 0; i < 100 && !read(out).contains("connected backend="); i++) {
      AgentProcess.sleep(100);
    }
    assertThat(read(out)).contains("connected backend=backend-1");
  }

  static String read(File f) {
    try {
      return Files.readString(f.toPath(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  @Test
  void liveEditsApplyAndAStreamOfAnUntouchedServiceNeverNotices() throws Exception {
    String stream = svc("stream", "198.18.100.10", 9000, 9000, 1);
    agent =
        startAgent(
            yaml(
                svc("web", "198.18.100.10", 80, 8080, 1, 2, 3)
                    + stream
                    + svc("old", "198.18.100.11", 80, 8080, 2)));
    File client = topo.startStreamClient("198.18.100.10", 9000, 20);
    awaitConnected(client);
    assertThat(topo.curl("http://198.18.100.11/")).isEqualTo("backend-2");

    // edit: web loses backend-3, old goes, api arrives; stream is untouched
    save(
        yaml(
            svc("web", "198.18.100.10", 80, 8080, 1, 2)
                + stream
                + svc("api", "198.18.100.12", 80, 8080, 3)));
    agent.awaitLog("service added: api", Duration.ofSeconds(20));
    agent.awaitLog("service removed: old", Duration.ofSeconds(20));
    agent.awaitLog("backend 198.18.13.2:8080 removed", Duration.ofSeconds(20));
    assertThat(topo.curl("http://198.18.100.12/")).isEqualTo("backend-3");
    assertThat(topo.curl("http://198.18.100.11/")).isEmpty();
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < 30; i++) {
      seen.merge(topo.curl("http://198.18.100.10/"), 1, Integer::sum);
    }
    assertThat(seen).containsOnlyKeys("backend-1", "backend-2");

    // a bad edit is refused and the running state stays
    save(yaml(svc("web", "198.18.100.10", 80, 70000, 1)));
    agent.awaitLog("config edit refused", Duration.ofSeconds(20));
    assertThat(agent.logText())
        .contains("services[0].backends[0].port: must be between 1 and 65535");
    assertThat(topo.curl("http://198.18.100.12/")).isEqualTo("backend-3");

    StreamResult r = awaitStream(client, Duration.ofSeconds(40));
    assertThat(r.backend()).isEqualTo("backend-1");
    assertThat(r.reset()).isZero();
    assertThat(r.errors()).isZero();
    assertThat(r.bytes()).isGreaterThan(1_000_000);
    assertThat(r.maxGapMs()).isLessThan(2000);
  }

  @Test
  void restartAdoptsThePinnedDataPlaneWithoutDroppingAByte() throws Exception {
    agent =
        startAgent(
            yaml(
                svc("stream", "198.18.100.10", 9000, 9000, 1)
                    + svc("web", "198.18.100.10", 80, 8080, 1, 2, 3)));
    File client = topo.startStreamClient("198.18.100.10", 9000, 15);
    awaitConnected(client);
    AgentProcess.sleep(2000);
    assertThat(agent.stop()).isZero();
    assertThat(agent.logText()).contains("the data plane stays pinned");
    // no agent at all: the pinned data plane keeps forwarding, new flows too
    assertThat(topo.curl("http://198.18.100.10/")).startsWith("backend-");
    AgentProcess.sleep(2000);
    agent = startAgent(null);
    assertThat(agent.logText())
        .contains("adopted the pinned data plane")
        .doesNotContain("service added")
        .contains("agent ready: 2 services programmed");
    StreamResult r = awaitStream(client, Duration.ofSeconds(40));
    assertThat(r.reset()).isZero();
    assertThat(r.errors()).isZero();
    assertThat(r.bytes()).isGreaterThan(1_000_000);
    assertThat(r.maxGapMs()).isLessThan(1000);

    // the explicit command removes everything Fulcrum attached and pinned
    agent.stop();
    Sh.Result t = AgentProcess.cli("teardown", "--config", config.toString());
    assertThat(t.exitCode()).as(t.stderr() + t.stdout()).isZero();
    assertThat(Files.exists(Path.of(pin))).isFalse();
    for (String ifname : topo.lbInterfaces) {
      assertThat(topo.lb.exec("ip", "link", "show", ifname)).doesNotContain("xdp");
    }
    assertThat(topo.curl("http://198.18.100.10/")).isEmpty();
  }

  @Test
  void metricsScrapedOverHttpMatchTheTrafficSent() throws Exception {
    agent = startAgent(yaml(svc("web", "198.18.100.10", 80, 8080, 1, 2, 3)));
    int[] before = new int[4];
    for (int i = 1; i <= 3; i++) {
      before[i] = httpRequests(i);
    }
    int n = 90;
    for (int i = 0; i < n; i++) {
      assertThat(topo.curl("http://198.18.100.10/")).startsWith("backend-");
    }
    String s = AgentProcess.scrape(metricsPort);
    String svc = "{port=\"80\",protocol=\"tcp\",service=\"web\",vip=\"198.18.100.10\"}";
    assertThat(AgentProcess.sample(s, "fulcrum_service_new_flows_total" + svc)).isEqualTo(n);
    // each request is one connection of at least 5 packets client -> VIP (SYN, ACK, GET, ACK, FIN)
    assertThat(AgentProcess.sample(s, "fulcrum_service_packets_total" + svc))
        .isGreaterThanOrEqualTo(5.0 * n);
    double sum = 0;
    for (int i = 1; i <= 3; i++) {
      String be = "{backend=\"" + LbTopology.backendAddress(i) + ":8080\",service=\"web\"}";
      double flows = AgentProcess.sample(s, "fulcrum_backend_new_flows_total" + be);
      assertThat(flows)
          .as("backend-%d new flows vs its own log", i)
          .isEqualTo(httpRequests(i) - before[i]);
      assertThat(flows).as("backend-%d served", i).isPositive();
      assertThat(AgentProcess.sample(s, "fulcrum_backend_up" + be)).isEqualTo(1.0);
      sum += flows;
    }
    assertThat(sum).isEqualTo(n);
    assertThat(AgentProcess.sample(s, "fulcrum_conntrack_entries")).isPositive();
    assertThat(s)
        .contains("fulcrum_map_fill_ratio{map=")
        .contains("fulcrum_drops_total{reason=")
        .contains("fulcrum_reconcile_duration_seconds_bucket")
        .contains("jvm_memory_used_bytes");
  }

  int httpRequests(int i) throws IOException {
    Path log = dir.resolve("http-" + i + ".log");
    return (int) Files.readAllLines(log).stream().filter(l -> l.contains("\"GET / ")).count();
  }
}
