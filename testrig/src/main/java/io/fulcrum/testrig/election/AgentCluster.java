package io.fulcrum.testrig.election;

import io.fulcrum.testrig.Netns;
import io.fulcrum.testrig.RunId;
import io.fulcrum.testrig.Sh;
import io.fulcrum.testrig.Veth;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Three (or more) real agents, each in its own namespace with its XDP data plane attached to its
 * one link, on a bridge (in a namespace of its own) with a client and two HTTP backends. The agents
 * balance one service, {@code VIP:80} over the backends (full NAT to the node's address), and elect
 * its owner among themselves; the owner's data plane answers ARP for the VIP. Addresses:
 * 198.18.9.0/24; client .2, backends .21 and .22, nodes .11, .12, ...; VIP .100. Closing kills the
 * agents, removes the namespaces and the data planes' bpffs pins.
 */
public final class AgentCluster implements AutoCloseable {
  public static final String SUBNET = "198.18.9.";
  public static final String VIP = SUBNET + "100";
  public static final String CLIENT_IP = SUBNET + "2";
  public static final int RAFT_PORT = 7411;
  public static final int METRICS_PORT = 9469;
  static final int BACKEND_PORT = 8080;

  private final Path jar;
  private final Path work;
  private final String electionTimings;
  private final Function<AgentNode, String> extraSections;
  private final List<Netns> namespaces = new ArrayList<>();
  private final List<AgentNode> nodes = new ArrayList<>();
  private final List<String> peers = new ArrayList<>();
  private final List<Process> helpers = new ArrayList<>();
  private final Netns bridgeNs;
  private final Netns client;
  private final String clientIf;

  /**
   * Builds the topology, starts the backends and every agent, and waits until each is ready.
   *
   * @param jar the agent's shaded jar ({@code lb-agent/target/fulcrum-agent.jar})
   * @param work a directory for configs, Raft data, logs and captures
   * @param count number of nodes
   * @param electionTimings extra lines of the {@code election} section (two-space indented), for
   *     example {@code " vipLeaseMs: 500\n"}
   */
  public AgentCluster(Path jar, Path work, int count, String electionTimings) {
    this(jar, work, count, electionTimings, n -> "");
  }

  /**
   * As {@link #AgentCluster(Path, Path, int, String)}, with more top-level sections in each node's
   * configuration (for example its {@code api} section).
   *
   * @param extraSections a node's extra YAML, appended after its {@code election} section
   */
  public AgentCluster(
      Path jar,
      Path work,
      int count,
      String electionTimings,
      Function<AgentNode, String> extraSections) {
    this.jar = jar.toAbsolutePath();
    this.work = work;
    this.electionTimings = electionTimings;
    this.extraSections = extraSections;
    if (!Files.exists(this.jar)) {
      throw new IllegalStateException(this.jar + " missing: run mvn -pl lb-agent -am package");
    }
    try {
      Files.createDirectories(work);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      bridgeNs = ns("feb");
      bridgeNs.exec("ip", "link", "add", "br0", "type", "bridge", "forward_delay", "0");
      bridgeNs.exec("ip", "link", "set", "br0", "up");
      client = ns("fec");
      clientIf = attach(client, CLIENT_IP, true);
      for (int b = 1; b <= 2; b++) {
        Netns ns = ns("feh");
        attach(ns, backendIp(b), true);
        startBackend(ns, b);
      }
      for (int i = 0; i < count; i++) {
        peers.add(SUBNET + (11 + i) + ":" + RAFT_PORT);
      }
      for (int i = 0; i < count; i++) {
        Netns n = ns("fen");
        String ip = SUBNET + (11 + i);
        String iface = attach(n, ip, false);
        n.sysctl("net.ipv4.conf.all.forwarding", "1");
        String pin = "/sys/fs/bpf/" + RunId.next("fel");
        nodes.add(new AgentNode(this, i, n, ip, iface, pin));
      }
      for (AgentNode n : nodes) {
        // neighbours known up front: the data plane forwards from the first packet on
        n.ns().run("ping", "-c", "1", "-W", "1", CLIENT_IP);
        n.ns().run("ping", "-c", "1", "-W", "1", backendIp(1));
        n.ns().run("ping", "-c", "1", "-W", "1", backendIp(2));
      }
      for (AgentNode n : nodes) {
        n.startAgent();
      }
      for (AgentNode n : nodes) {
        n.awaitReady(120);
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private Netns ns(String prefix) {
    Netns n = Netns.create(prefix);
    namespaces.add(n);
    return n;
  }

  /**
   * Joins {@code ns} to the bridge; returns the interface name inside {@code ns}. End hosts send
   * full checksums; a node's bridge port takes frames its XDP program sends back (XDP_TX needs NAPI
   * on the veth peer, which GRO turns on).
   */
  private String attach(Netns ns, String ip, boolean endHost) {
    Veth v = Veth.create(ns, bridgeNs);
    bridgeNs.exec("ip", "link", "set", v.nameB(), "master", "br0");
    v.addrA(ip + "/24");
    if (endHost) {
      ns.exec("ethtool", "-K", v.nameA(), "tx", "off");
    } else {
      // a NIC drops unicast frames for other MACs before XDP sees them, a veth does not: keep the
      // bridge from flooding unknown unicast (a dead node's MAC) into the other nodes
      bridgeNs.exec("bridge", "link", "set", "dev", v.nameB(), "flood", "off");
    }
    return v.nameA();
  }

  private void startBackend(Netns ns, int b) {
    Path www = work.resolve("www" + b);
    try {
      Files.createDirectories(www);
      Files.writeString(www.resolve("index.html"), "backend-" + b + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ns.spawn(
        work.resolve("http-" + b + ".log").toFile(),
        "python3",
        "-m",
        "http.server",
        Integer.toString(BACKEND_PORT),
        "--bind",
        backendIp(b),
        "--directory",
        www.toString());
    for (int i = 0; i < 100; i++) {
      if (ns.run("curl", "-s", "-o", "/dev/null", "-m", "1", "http://" + backendIp(b) + ":8080/")
          .ok()) {
        return;
      }
      AgentNode.sleep(100);
    }
    throw new IllegalStateException("backend " + b + " did not start");
  }

  /** The address of backend {@code b} (1 or 2), serving {@code backend-b} on port 8080. */
  public static String backendIp(int b) {
    return SUBNET + (20 + b);
  }

  /** The agent configuration of {@code n}. */
  String agentConfig(AgentNode n) {
    return "dataplane:\n"
        + "  interfaces: ["
        + n.iface()
        + "]\n  snatAddresses: ["
        + n.ip()
        + "]\n  xdpMode: generic\n  snatPorts: {min: 61000, max: 65535}\n  pinPath: "
        + n.pin()
        + "\n  maps: {services: 16, backends: 64, flows: 16384, affinity: 1024, ringPool: 65536}\n"
        + "services:\n  - {name: web, vip: "
        + VIP
        + ", port: 80, backends: [{address: "
        + backendIp(1)
        + ", port: 8080}, {address: "
        + backendIp(2)
        + ", port: 8080}]}\n"
        + "metrics: {listen: 127.0.0.1:"
        + METRICS_PORT
        + "}\nelection:\n  enabled: true\n  nodeId: "
        + n.id()
        + "\n  peers: ["
        + String.join(", ", peers)
        + "]\n  dataDir: "
        + n.dir().resolve("raft")
        + "\n  l2: {interface: "
        + n.iface()
        + "}\n"
        + electionTimings
        + extraSections.apply(n);
  }

  Path jar() {
    return jar;
  }

  Path work() {
    return work;
  }

  public List<AgentNode> nodes() {
    return nodes;
  }

  public AgentNode node(int i) {
    return nodes.get(i);
  }

  public Netns client() {
    return client;
  }

  public String clientIf() {
    return clientIf;
  }

  /** The nodes whose agents report answering for the VIP. */
  public List<AgentNode> reportedOwners() {
    return nodes.stream().filter(n -> n.reportsOwning(VIP)).collect(Collectors.toList());
  }

  /** The node whose agent reports leading, or null. */
  public AgentNode leader() {
    return nodes.stream().filter(AgentNode::reportsLeading).findFirst().orElse(null);
  }

  /** One HTTP request from the client to the VIP (through a data plane); the body or "". */
  public String clientGet() {
    return clientGet(VIP);
  }

  /** One HTTP request from the client to {@code vip}:80; the body, or "" when it failed. */
  public String clientGet(String vip) {
    Sh.Result r = client.run("curl", "-s", "-m", "2", "http://" + vip + "/");
    return r.ok() ? r.stdout().trim() : "";
  }

  /** One ping from the client to the VIP (1 s timeout); resolves the VIP by ARP first. */
  public boolean clientPing() {
    return client.run("ping", "-n", "-c", "1", "-W", "1", VIP).ok();
  }

  /** The MAC the client's kernel resolves the VIP to now ("" when none). */
  public String clientNeighbourMac() {
    String out = client.run("ip", "neigh", "show", VIP, "dev", clientIf).stdout();
    int i = out.indexOf("lladdr ");
    return i < 0 ? "" : out.substring(i + 7).split("\\s+")[0];
  }

  /** The node with that MAC, or null. */
  public AgentNode byMac(String mac) {
    return nodes.stream().filter(n -> n.mac().equalsIgnoreCase(mac)).findFirst().orElse(null);
  }

  /** Starts {@code ping -D -i interval} from the client to the VIP (answered by the data plane). */
  public Process startPing(double intervalSec, File out) {
    Process p =
        client.spawn(out, "ping", "-D", "-n", "-i", Double.toString(intervalSec), "-W", "1", VIP);
    helpers.add(p);
    return p;
  }

  /** Captures ARP on the client's link and asks for the VIP by ARP every 10 ms from the client. */
  public List<Process> startArpWatch(File pcap, File log) {
    Process dump =
        client.spawn(log, "tcpdump", "-i", clientIf, "-n", "-U", "-w", pcap.getPath(), "arp");
    Process probe =
        client.spawn(
            log,
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-XX:+UseSerialGC",
            "-Xmx64m",
            "-XX:TieredStopAtLevel=1",
            "-cp",
            jar.toString(),
            "io.fulcrum.election.tool.ArpProbeMain",
            "--iface",
            clientIf,
            "--sender-ip",
            CLIENT_IP,
            "--target",
            VIP,
            "--interval-ms",
            "10");
    helpers.add(dump);
    helpers.add(probe);
    return List.of(dump, probe);
  }

  /** The capture analysed: requests, replies, who answered in order, split-brain moments. */
  public static ArpCaptureAnalysis.Result analyseCapture(File pcap) {
    return ArpCaptureAnalysis.analyse(ElectionCluster.readCapture(pcap), VIP, CLIENT_IP);
  }

  /** Stops a helper process (SIGINT first so tcpdump flushes). */
  public static void stop(Process p) {
    ElectionCluster.stop(p);
  }

  /** Every node's election log lines (for failure messages). */
  public String logs() {
    StringBuilder sb = new StringBuilder();
    nodes.forEach(n -> sb.append(n.electionLog()));
    return sb.toString();
  }

  @Override
  public void close() {
    helpers.forEach(p -> p.destroyForcibly());
    for (AgentNode n : nodes) {
      n.killAgent();
    }
    for (int i = namespaces.size() - 1; i >= 0; i--) {
      namespaces.get(i).close();
    }
    for (AgentNode n : nodes) {
      Sh.quiet("rm", "-rf", n.pin());
    }
  }
}
