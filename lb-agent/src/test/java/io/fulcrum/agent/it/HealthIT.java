package io.fulcrum.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.testrig.Capabilities;
import io.fulcrum.testrig.Netns;
import io.fulcrum.testrig.RunId;
import io.fulcrum.testrig.Sh;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Health checks in the agent, on the real XDP data plane of the demo topology: a backend whose
 * server dies is taken out of the VIP within {@code interval × fall + timeout + 100 ms}, takes no
 * new flow while down, and takes flows again once it is back.
 */
class HealthIT {
  static final int INTERVAL_MS = 300;
  static final int TIMEOUT_MS = 200;
  static final int RISE = 2;
  static final int FALL = 2;
  static final String VIP = "198.18.100.20";

  Path dir;
  LbTopology topo;
  Path config;
  String pin;
  AgentProcess agent;
  int metricsPort;

  @BeforeEach
  void topology() throws IOException {
    Capabilities.requireKernelTestRig();
    dir = Files.createTempDirectory("fulcrum-health-it");
    topo = new LbTopology(dir);
    for (int i = 1; i <= 3; i++) {
      topo.startHttp(i);
    }
    String run = RunId.next("hc");
    config = dir.resolve(run + ".yaml");
    pin = "/sys/fs/bpf/fulcrum-it-" + run;
    metricsPort = AgentProcess.freePort();
  }

  @AfterEach
  void tearDown() {
    if (agent != null) {
      agent.close();
      for (String l : agent.logText().split("\n")) {
        if (l.contains("health")) {
          System.out.println(l);
        }
      }
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
    String backends = LbTopology.backendList(8080);
    return topo.dataplaneYaml(pin)
        + "metrics: {listen: \"127.0.0.1:"
        + metricsPort
        + "\"}\nservices:\n  - {name: web, vip: "
        + VIP
        + ", port: 80, backends: ["
        + backends
        + "]}\nhealthcheck:\n  services:\n    web: {type: http, path: /, interval: "
        + INTERVAL_MS
        + "ms, timeout: "
        + TIMEOUT_MS
        + "ms, rise: "
        + RISE
        + ", fall: "
        + FALL
        + "}\n";
  }

  /** Kills every process in the namespace (only the test's own server runs there). */
  static void killAll(Netns ns) {
    for (String pid :
        Sh.run(List.of("ip", "netns", "pids", ns.name())).stdout().trim().split("\\s+")) {
      if (!pid.isBlank()) {
        Sh.quiet("kill", "-9", pid);
      }
    }
  }

  /** Every backend's last state change in the engine's log is to UP. */
  boolean allUp() {
    String log = agent.logText();
    for (int i = 1; i <= 3; i++) {
      int at = log.lastIndexOf("health web/" + LbTopology.backendAddress(i) + ":8080 ");
      if (at < 0) {
        return false;
      }
      int eol = log.indexOf('\n', at);
      if (!log.substring(at, eol < 0 ? log.length() : eol).contains("-> UP")) {
        return false;
      }
    }
    return true;
  }

  record Line(long atMs, boolean ok, String what) {}

  static List<Line> lines(File f) throws IOException {
    List<Line> out = new ArrayList<>();
    for (String l : Files.readAllLines(f.toPath(), StandardCharsets.UTF_8)) {
      String[] p = l.split(" ", 3);
      if (p.length == 3) {
        out.add(new Line(Long.parseLong(p[0]), p[1].equals("ok"), p[2]));
      }
    }
    return out;
  }

  @Test
  void deadBackendLeavesTheVipWithinTheDetectionBoundAndComesBackAfterRise() throws Exception {
    Files.writeString(config, yaml());
    agent = AgentProcess.start(config, dir.resolve("agent.log").toFile());
    // every backend is probed UP before the load starts (a new target's first result decides)
    for (int i = 0; i < 100 && !allUp(); i++) {
      Thread.sleep(100);
    }
    assertThat(allUp()).as("all backends UP: " + agent.logText()).isTrue();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 30; i++) {
      seen.add(topo.curl("http://" + VIP + "/"));
    }
    assertThat(seen).containsExactlyInAnyOrder("backend-1", "backend-2", "backend-3");

    File load = dir.resolve("load.log").toFile();
    topo.client.spawn(load, "python3", topo.script("http_load.py").toString(), VIP, "80", "9");
    Thread.sleep(1500);

    long killedAt = System.currentTimeMillis();
    killAll(topo.backends.get(1));
    agent.awaitLog("backend 198.18.12.2:8080 DOWN", Duration.ofSeconds(10));
    Thread.sleep(2000);

    topo.startHttp(2);
    long upAt = System.currentTimeMillis();
    agent.awaitLog("backend 198.18.12.2:8080 UP", Duration.ofSeconds(10));

    for (int i = 0; i < 150 && !Files.readString(load.toPath()).contains("done"); i++) {
      Thread.sleep(100);
    }
    List<Line> ls = lines(load);
    Files.copy(
        load.toPath(),
        Path.of("target", "health-it-load.log"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertThat(ls).hasSizeGreaterThan(200);
    long bound = (long) INTERVAL_MS * FALL + TIMEOUT_MS + 100;
    long lastFail = ls.stream().filter(l -> !l.ok()).mapToLong(Line::atMs).max().orElse(killedAt);
    assertThat(lastFail - killedAt)
        .as("failed requests stop within interval x fall + timeout + 100 ms")
        .isLessThanOrEqualTo(bound);
    assertThat(ls.stream().filter(l -> !l.ok() && l.atMs() < killedAt)).isEmpty();

    // down: no new flow to backend-2 from the last failure until it was restarted
    assertThat(
            ls.stream()
                .filter(l -> l.atMs() > lastFail && l.atMs() < upAt)
                .filter(l -> l.what().equals("backend-2")))
        .isEmpty();
    assertThat(ls.stream().filter(l -> l.atMs() > lastFail && l.atMs() < upAt))
        .hasSizeGreaterThan(50);

    // back: it takes flows again within rise x interval (+ one probe's time and the wheel tick)
    long firstBack =
        ls.stream()
            .filter(l -> l.atMs() >= upAt && l.what().equals("backend-2"))
            .mapToLong(Line::atMs)
            .min()
            .orElseThrow(() -> new AssertionError("backend-2 never came back: " + agent.logText()));
    assertThat(firstBack - upAt)
        .as("a restarted backend takes flows after rise x interval")
        .isLessThanOrEqualTo((long) RISE * INTERVAL_MS + TIMEOUT_MS + 100);
    System.out.printf(
        "health: failures stopped %d ms after the kill (bound %d); back %d ms after restart%n",
        lastFail - killedAt, bound, firstBack - upAt);
  }
}
