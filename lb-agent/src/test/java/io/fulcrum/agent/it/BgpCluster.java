package io.fulcrum.agent.it;

import io.fulcrum.testrig.AgentCommand;
import io.fulcrum.testrig.Cleanup;
import io.fulcrum.testrig.Netns;
import io.fulcrum.testrig.RunId;
import io.fulcrum.testrig.Sh;
import io.fulcrum.testrig.Veth;
import io.fulcrum.testrig.bgp.GobgpRouter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Three real agents in BGP mode (election enabled without an L2 interface, BGP speaker on), each in
 * its own namespace with its XDP data plane on its one link, on a bridge with a gobgpd router and
 * one HTTP backend. Addresses 198.18.5.0/24: router .1, backend .21, nodes .11, .12, .13; the VIP
 * 198.18.100.50 is announced over BGP, never on the link. Each agent runs inside its node's
 * namespace ({@code nsenter --net}, which keeps bpffs visible). Closing kills the agents and
 * removes the namespaces, the pins and the files.
 */
final class BgpCluster implements AutoCloseable {
  static final String SUBNET = "198.18.5.";
  static final String ROUTER = SUBNET + "1";
  static final String BACKEND = SUBNET + "21";
  static final String VIP = "198.18.100.50";
  static final Path JAR = Path.of("target", "fulcrum-agent.jar").toAbsolutePath();

  /** One node: its namespace, address, link, pin and agent process. */
  final class Node {
    final int index;
    final Netns ns;
    final String ip;
    final String iface;
    final String pin;
    final Path dir;
    Process agent;
    int starts;

    Node(int index, Netns ns, String ip, String iface) {
      this.index = index;
      this.ns = ns;
      this.ip = ip;
      this.iface = iface;
      this.pin = "/sys/fs/bpf/" + RunId.next("fbp");
      this.dir = work.resolve("node" + index);
    }

    Path log() {
      return dir.resolve("agent.log");
    }

    String logText() {
      try {
        return Files.readString(log(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "";
      }
    }

    void start() throws IOException {
      Files.createDirectories(dir);
      Path config = dir.resolve("agent.yaml");
      Files.writeString(config, config(this));
      starts++;
      ProcessBuilder pb = new ProcessBuilder(AgentCommand.inNetns(ns.name(), JAR, config));
      pb.redirectErrorStream(true);
      pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
      agent = pb.start();
    }

    void awaitReady(int seconds) {
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      while (System.nanoTime() < end) {
        if (logText().split("agent ready", -1).length - 1 >= starts) {
          return;
        }
        if (!agent.isAlive()) {
          throw new IllegalStateException("agent " + ip + " exited:\n" + logText());
        }
        AgentProcess.sleep(100);
      }
      throw new IllegalStateException("agent " + ip + " not ready:\n" + logText());
    }

    /**
     * A dead box: the link goes down first (so no FIN reaches the router: it notices on its hold
     * timer), then the agent is SIGKILLed.
     */
    void kill() {
      ns.exec("ip", "link", "set", iface, "down");
      if (agent != null) {
        agent.destroyForcibly();
        try {
          agent.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  private final Cleanup cleanup = new Cleanup();
  private final Path work;
  private final Netns bridge;
  final GobgpRouter router;
  final List<Node> nodes = new ArrayList<>();

  BgpCluster(Path work, int count) throws IOException {
    this.work = work;
    if (!Files.exists(JAR)) {
      throw new IllegalStateException(JAR + " missing: run mvn -pl lb-agent package");
    }
    try {
      bridge = cleanup.add(Netns.create("fbb"));
      bridge.exec("ip", "link", "add", "br0", "type", "bridge", "forward_delay", "0");
      bridge.exec("ip", "link", "set", "br0", "up");
      Netns r = cleanup.add(Netns.create("fbr"));
      attach(r, ROUTER, true);
      Netns b = cleanup.add(Netns.create("fbh"));
      attach(b, BACKEND, true);
      Path www = work.resolve("www");
      Files.createDirectories(www);
      Files.writeString(www.resolve("index.html"), "backend\n");
      b.spawn(
          work.resolve("http.log").toFile(),
          "python3",
          "-m",
          "http.server",
          "8080",
          "--bind",
          BACKEND,
          "--directory",
          www.toString());
      List<GobgpRouter.Neighbor> neighbors = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        String ip = SUBNET + (11 + i);
        Netns n = cleanup.add(Netns.create("fbn"));
        nodes.add(new Node(i, n, ip, attach(n, ip, false)));
        neighbors.add(GobgpRouter.Neighbor.of(ip, 65001));
      }
      router = cleanup.add(GobgpRouter.start(r, 65000, ROUTER, 179, neighbors));
      for (Node n : nodes) {
        n.ns.run("ping", "-c", "1", "-W", "1", BACKEND);
        n.start();
      }
      for (Node n : nodes) {
        n.awaitReady(120);
      }
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  private String attach(Netns ns, String ip, boolean endHost) {
    Veth v = cleanup.add(Veth.create(ns, bridge));
    bridge.exec("ip", "link", "set", v.nameB(), "master", "br0");
    v.addrA(ip + "/24");
    if (endHost) {
      ns.exec("ethtool", "-K", v.nameA(), "tx", "off");
    }
    return v.nameA();
  }

  private String config(Node n) {
    List<String> peers = new ArrayList<>();
    for (Node o : nodes) {
      peers.add(o.ip + ":7411");
    }
    return "dataplane:\n  interfaces: ["
        + n.iface
        + "]\n  snatAddresses: ["
        + n.ip
        + "]\n  xdpMode: generic\n  snatPorts: {min: 61000, max: 65535}\n  pinPath: "
        + n.pin
        + "\n  maps: {services: 16, backends: 64, flows: 16384, affinity: 1024, ringPool: 65536}\n"
        + "services:\n  - {name: web, vip: "
        + VIP
        + ", port: 80, backends: [{address: "
        + BACKEND
        + ", port: 8080}]}\n"
        + "metrics: {listen: 127.0.0.1:9469}\n"
        + "election:\n  enabled: true\n  nodeId: "
        + n.ip
        + ":7411\n  peers: ["
        + String.join(", ", peers)
        + "]\n  dataDir: "
        + n.dir.resolve("raft")
        + "\n  electionTimeoutMs: 600\n  vipLeaseMs: 500\n  renewIntervalMs: 100\n"
        + "bgp:\n  enabled: true\n  localAs: 65001\n  announceMode: owner\n"
        + "  peers: [{address: "
        + ROUTER
        + ", peerAs: 65000, holdTime: 9, families: [ipv4]}]\n";
  }

  /** The node with that address, or null. */
  Node byIp(String ip) {
    return nodes.stream().filter(n -> n.ip.equals(ip)).findFirst().orElse(null);
  }

  /** Every node's BGP and election log lines (for failure messages). */
  String logs() {
    StringBuilder sb = new StringBuilder();
    for (Node n : nodes) {
      sb.append("--- node ").append(n.ip).append('\n');
      n.logText()
          .lines()
          .filter(l -> l.contains("BGP") || l.contains("lection") || l.contains("VIP"))
          .forEach(l -> sb.append(l).append('\n'));
    }
    return sb.toString();
  }

  @Override
  public void close() {
    for (Node n : nodes) {
      if (n.agent != null) {
        n.agent.destroyForcibly();
      }
    }
    cleanup.close();
    for (Node n : nodes) {
      Sh.quiet("rm", "-rf", n.pin);
    }
    Sh.quiet("rm", "-rf", work.toString());
  }
}
