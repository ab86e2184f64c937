package io.fulcrum.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fulcrum.testrig.Capabilities;
import io.fulcrum.testrig.Cleanup;
import io.fulcrum.testrig.Netns;
import io.fulcrum.testrig.RunId;
import io.fulcrum.testrig.Sh;
import io.fulcrum.testrig.Veth;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A real Prometheus (Debian's {@code prometheus}) scrapes a running agent (real XDP data plane in
 * namespaces, HTTP traffic through the VIP); then every panel and variable query of every dashboard
 * runs through Prometheus's HTTP API and must parse and return data. A metric a dashboard names
 * that the agent does not export fails the test.
 */
class DashboardsPrometheusIT {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void everyDashboardQueryReturnsDataFromARealPrometheusScrapingTheAgent() throws Exception {
    Capabilities.requireKernelTestRig();
    // the runnable agent jar on this module's class path (fulcrum-agent, shaded, with Main-Class)
    Path jar =
        Path.of(
            io.fulcrum.agent.Main.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
    assertThat(jar.toString())
        .as("the agent as a jar: mvn -pl deploy -am install")
        .endsWith(".jar");
    assertThat(Path.of("/usr/bin/prometheus")).as("Debian package prometheus").exists();
    Path dir = Files.createTempDirectory("fulcrum-prom-it");
    String run = RunId.next("pr");
    String pin = "/sys/fs/bpf/fulcrum-it-" + run;
    Path config = dir.resolve("fulcrum.yaml");
    List<Process> procs = new ArrayList<>();
    try (Cleanup cleanup = new Cleanup()) {
      Netns client = cleanup.add(Netns.create("fpc"));
      Netns lb = cleanup.add(Netns.create("fpl"));
      Veth c = cleanup.add(Veth.create(client, lb)).addrA("198.18.1.2/24").addrB("198.18.1.1/24");
      client.exec("ip", "route", "add", "198.18.100.0/24", "via", "198.18.1.1");
      client.exec("ethtool", "-K", c.nameA(), "tx", "off", "gro", "on");
      lb.exec("ip", "addr", "add", "198.18.0.1/32", "dev", "lo");
      List<String> ifs = new ArrayList<>(List.of(c.nameB()));
      StringBuilder backends = new StringBuilder();
      for (int i = 1; i <= 2; i++) {
        Netns b = cleanup.add(Netns.create("fpb"));
        Veth v =
            cleanup
                .add(Veth.create(b, lb))
                .addrA("198.18.1" + i + ".2/24")
                .addrB("198.18.1" + i + ".1/24");
        ifs.add(v.nameB());
        b.exec("ip", "route", "add", "default", "via", "198.18.1" + i + ".1");
        b.exec("ethtool", "-K", v.nameA(), "tx", "off", "gro", "on");
        Path www = Files.createDirectories(dir.resolve("www" + i));
        Files.writeString(www.resolve("index.html"), "backend-" + i + "\n");
        procs.add(
            b.spawn(
                dir.resolve("http" + i + ".log").toFile(),
                "python3",
                "-m",
                "http.server",
                "8080",
                "--bind",
                "198.18.1" + i + ".2",
                "--directory",
                www.toString()));
        backends
            .append(i == 1 ? "" : ", ")
            .append("{address: 198.18.1")
            .append(i)
            .append(".2, port: 8080}");
      }
      lb.sysctl("net.ipv4.conf.all.forwarding", "1");
      lb.sysctl("net.ipv4.conf.all.accept_local", "1");
      for (String ifname : ifs) {
        lb.sysctl("net.ipv4.conf." + ifname + ".accept_local", "1");
      }
      int metricsPort = freePort();
      int raftPort = freePort();
      Files.writeString(
          config,
          "dataplane:\n  netns: "
              + lb.name()
              + "\n  interfaces: ["
              + String.join(", ", ifs)
              + "]\n  snatAddresses: [198.18.0.1]\n  pinPath: "
              + pin
              + "\n  maps: {services: 64, backends: 256, flows: 16384, affinity: 1024, ringPool: 65536}\n"
              + "metrics: {listen: \"127.0.0.1:"
              + metricsPort
              + "\"}\n"
              + "services:\n  - {name: web, vip: 198.18.100.10, port: 80, backends: ["
              + backends
              + "]}\n"
              // every module the dashboards show: health checks, a one-node election answering
              // ARP on the client side, a BGP speaker with a peer that is not there (session down)
              + "healthcheck:\n  services:\n    web: {type: http, path: /, interval: 500ms, timeout: 400ms}\n"
              + "election:\n  enabled: true\n  nodeId: 127.0.0.1:"
              + raftPort
              + "\n  peers: [127.0.0.1:"
              + raftPort
              + "]\n  dataDir: "
              + dir.resolve("raft")
              + "\n  l2: {interface: "
              + c.nameB()
              + "}\n"
              + "bgp:\n  enabled: true\n  localAs: 64512\n  routerId: 198.18.0.1\n"
              + "  peers: [{address: 198.18.1.2, peerAs: 64513}]\n");
      Path agentLog = dir.resolve("agent.log");
      ProcessBuilder apb =
          new ProcessBuilder(
              "java",
              "-XX:+UseSerialGC",
              "-jar",
              jar.toString(),
              "run",
              "--config",
              config.toString());
      apb.redirectErrorStream(true).redirectOutput(agentLog.toFile());
      Process agent = apb.start();
      procs.add(agent);
      awaitText(agentLog, "agent ready", agent);

      int promPort = freePort();
      Path promCfg = dir.resolve("prometheus.yml");
      Files.writeString(
          promCfg,
          "global: {scrape_interval: 1s, evaluation_interval: 1s}\n"
              + "scrape_configs:\n  - job_name: fulcrum\n    static_configs:\n"
              + "      - targets: ['127.0.0.1:"
              + metricsPort
              + "']\n");
      ProcessBuilder ppb =
          new ProcessBuilder(
              "/usr/bin/prometheus",
              "--config.file=" + promCfg,
              "--storage.tsdb.path=" + dir.resolve("tsdb"),
              "--web.listen-address=127.0.0.1:" + promPort);
      ppb.redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile());
      Process prom = ppb.start();
      procs.add(prom);
      String api = "http://127.0.0.1:" + promPort + "/api/v1/";

      // traffic through the VIP while Prometheus scrapes for a while
      long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      int ok = 0;
      while (System.nanoTime() < end) {
        if (client
            .run("curl", "-s", "-m", "2", "http://198.18.100.10/")
            .stdout()
            .startsWith("backend-")) {
          ok++;
        }
        Thread.sleep(100);
      }
      assertThat(ok).as("requests through the VIP").isGreaterThan(20);
      JsonNode up = get(api + "query?query=" + enc("up{job=\"fulcrum\"}"));
      assertThat(up.at("/data/result/0/value/1").asText())
          .as("agent scraped: " + up)
          .isEqualTo("1");

      Set<String> exported = new HashSet<>();
      get(api + "label/__name__/values").path("data").forEach(n -> exported.add(n.asText()));
      Pattern metric = Pattern.compile("\\b((?:fulcrum|jvm|process)_[a-z_]+)");
      List<String> failures = new ArrayList<>();
      for (Dashboards.Query q : Dashboards.panelQueries()) {
        Matcher m = metric.matcher(q.expr());
        while (m.find()) {
          if (!exported.contains(m.group(1))) {
            failures.add(q + ": metric " + m.group(1) + " is not exported by the agent");
          }
        }
        String expr = Dashboards.substitute(q.expr(), "web");
        JsonNode r = get(api + "query?query=" + enc(expr));
        if (!"success".equals(r.path("status").asText())) {
          failures.add(q + ": " + r);
        } else if (r.at("/data/result").isEmpty()) {
          failures.add(q + ": no data for " + expr);
        }
      }
      Pattern lv = Pattern.compile("label_values\\((.*),\\s*(\\w+)\\)");
      for (Dashboards.Query q : Dashboards.variableQueries()) {
        Matcher m = lv.matcher(q.expr());
        assertThat(m.matches()).as(q.toString()).isTrue();
        String sel = Dashboards.substitute(m.group(1), "web");
        JsonNode r = get(api + "label/" + m.group(2) + "/values?match[]=" + enc(sel));
        if (r.path("data").isEmpty()) {
          failures.add(q + ": no values");
        }
      }
      assertThat(failures).as("dashboard queries without data").isEmpty();
      assertThat(Dashboards.panelQueries()).hasSizeGreaterThan(15);
    } finally {
      for (Process p : procs) {
        p.destroy();
        if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      }
      Sh.run(List.of("java", "-jar", jar.toString(), "teardown", "--config", config.toString()));
      Sh.quiet("rm", "-rf", pin, dir.toString());
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static JsonNode get(String url) throws Exception {
    for (int attempt = 0; ; attempt++) {
      try {
        HttpResponse<String> r =
            HTTP.send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        return Dashboards.JSON.readTree(r.body());
      } catch (java.io.IOException e) {
        if (attempt > 50) {
          throw e;
        }
        Thread.sleep(200);
      }
    }
  }

  private static void awaitText(Path log, String text, Process p) throws Exception {
    for (int i = 0; i < 600; i++) {
      String s = Files.exists(log) ? Files.readString(log) : "";
      if (s.contains(text)) {
        return;
      }
      if (!p.isAlive()) {
        throw new IllegalStateException("agent exited:\n" + s);
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("agent not ready:\n" + Files.readString(log));
  }

  private static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
