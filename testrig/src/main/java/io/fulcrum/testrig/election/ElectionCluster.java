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
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Three (or more) election nodes, each in its own network namespace, joined with a client and an
 * observer namespace by a bridge that lives in a namespace of its own. Each node runs {@code
 * io.fulcrum.election.tool.NodeMain} (the "agent") and {@code LeaseKeeperMain} (the stand-in data
 * plane that outlives the agent), both as separate JVMs started from {@code classpath}. Addresses:
 * 198.18.7.0/24; nodes .11, .12, ...; client .2; observer .3. Closing removes all.
 */
public final class ElectionCluster implements AutoCloseable {
  public static final String SUBNET = "198.18.7.";
  public static final String CLIENT_IP = SUBNET + "2";
  public static final String OBSERVER_IP = SUBNET + "3";
  public static final int RAFT_PORT = 7411;

  private final String classpath;
  private final Path work;
  private final List<String> vips;
  private final List<String> extraArgs;
  private final List<Netns> namespaces = new ArrayList<>();
  private final List<ClusterNode> nodes = new ArrayList<>();
  private final Netns bridgeNs;
  private final String bridge = "br0";
  private final Netns client;
  private final String clientIf;
  private final Netns observer;
  private final String observerIf;

  /**
   * Builds the topology and starts every node.
   *
   * @param classpath a class path holding the election module and its dependencies
   * @param work a directory for data, leases, logs and captures
   * @param count number of nodes
   * @param vips VIPs (from 198.18.7.0/24) the group places
   * @param nodeArgs extra NodeMain arguments (for example {@code --lease-ms 5000})
   */
  public ElectionCluster(
      String classpath, Path work, int count, List<String> vips, List<String> nodeArgs) {
    this.classpath = classpath;
    this.work = work;
    this.vips = List.copyOf(vips);
    this.extraArgs = List.copyOf(nodeArgs);
    try {
      mkdirs(work);
      bridgeNs = ns("elb");
      bridgeNs.exec("ip", "link", "add", bridge, "type", "bridge", "forward_delay", "0");
      bridgeNs.exec("ip", "link", "set", bridge, "up");
      client = ns("elc");
      clientIf = attach(client, CLIENT_IP);
      observer = ns("elo");
      observerIf = attach(observer, OBSERVER_IP);
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        ids.add(SUBNET + (11 + i) + ":" + RAFT_PORT);
      }
      for (int i = 0; i < count; i++) {
        Netns n = ns("eln");
        String ip = SUBNET + (11 + i);
        String iface = attach(n, ip);
        nodes.add(new ClusterNode(this, i, n, ip, iface, ids));
      }
      for (ClusterNode n : nodes) {
        n.startKeeper();
        n.startAgent();
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

  /** Joins {@code ns} to the bridge; returns the interface name inside {@code ns}. */
  private String attach(Netns ns, String ip) {
    Veth v = Veth.create(ns, bridgeNs);
    bridgeNs.exec("ip", "link", "set", v.nameB(), "master", bridge);
    v.addrA(ip + "/24");
    return v.nameA();
  }

  String classpath() {
    return classpath;
  }

  Path work() {
    return work;
  }

  List<String> vips() {
    return vips;
  }

  List<String> extraArgs() {
    return extraArgs;
  }

  public List<ClusterNode> nodes() {
    return nodes;
  }

  public ClusterNode node(int i) {
    return nodes.get(i);
  }

  public Netns client() {
    return client;
  }

  public String clientIf() {
    return clientIf;
  }

  /** The node holding {@code vip} as the kernel sees it (address present), or null. */
  public List<ClusterNode> answering(String vip) {
    return nodes.stream().filter(n -> n.hasAddress(vip)).collect(Collectors.toList());
  }

  /** The owner of {@code vip} in the replicated state as the current leader reports it. */
  public String ownerOf(String vip) {
    for (ClusterNode n : nodes) {
      Map<String, String> st = n.status();
      if ("LEADER".equals(st.get("role"))) {
        return owners(st).get(vip);
      }
    }
    return null;
  }

  /** The current leader's node, or null. */
  public ClusterNode leader() {
    for (ClusterNode n : nodes) {
      if (n.agentAlive() && "LEADER".equals(n.status().get("role"))) {
        return n;
      }
    }
    return null;
  }

  /** The node whose id is {@code id}. */
  public ClusterNode byId(String id) {
    return nodes.stream().filter(n -> n.id().equals(id)).findFirst().orElse(null);
  }

  static Map<String, String> owners(Map<String, String> status) {
    Map<String, String> m = new HashMap<>();
    String s = status.getOrDefault("owners", "");
    for (String kv : s.split(",")) {
      int eq = kv.indexOf('=');
      if (eq > 0) {
        m.put(kv.substring(0, eq), kv.substring(eq + 1));
      }
    }
    return m;
  }

  /** One ping from the client (1 s timeout). */
  public boolean clientReaches(String vip) {
    return client.run("ping", "-n", "-c", "1", "-W", "1", vip).ok();
  }

  /** Starts {@code ping -D -i interval} from the client; its output goes to {@code out}. */
  public Process startPing(String vip, double intervalSec, File out) {
    return client.spawn(
        out, "ping", "-D", "-n", "-i", Double.toString(intervalSec), "-W", "1", vip);
  }

  /** Starts a capture of ARP on the observer's side, and a prober asking for {@code vip}. */
  public List<Process> startArpWatch(String vip, File pcap, File log) {
    Process dump =
        observer.spawn(log, "tcpdump", "-i", observerIf, "-n", "-U", "-w", pcap.getPath(), "arp");
    Process probe =
        observer.spawn(
            log,
            java(
                "io.fulcrum.election.tool.ArpProbeMain",
                "--iface",
                observerIf,
                "--sender-ip",
                OBSERVER_IP,
                "--target",
                vip,
                "--interval-ms",
                "10"));
    return List.of(dump, probe);
  }

  /** Reads a capture back as text lines. */
  public static List<String> readCapture(File pcap) {
    String out = Sh.exec("tcpdump", "-nn", "-e", "-tt", "-r", pcap.getPath());
    return Arrays.asList(out.split("\n"));
  }

  /** Stops a process started by this cluster (SIGINT first so tcpdump flushes). */
  public static void stop(Process p) {
    Sh.quiet("kill", "-INT", Long.toString(p.pid()));
    try {
      if (!p.waitFor(3, java.util.concurrent.TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A command line running {@code mainClass} of the cluster's class path in a fresh JVM. */
  public String[] javaCommand(String mainClass, String... args) {
    return java(mainClass, args);
  }

  String[] java(String mainClass, String... args) {
    return java(0, mainClass, args);
  }

  /** Like {@link #java(String, String...)}, at a raised priority ({@code nice -n -boost}). */
  String[] java(int boost, String mainClass, String... args) {
    List<String> cmd = new ArrayList<>();
    if (boost > 0) {
      cmd.addAll(List.of("nice", "-n", Integer.toString(-boost)));
    }
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(
        List.of(
            "-XX:+UseSerialGC",
            "-Xss512k",
            "-Xmx128m",
            "-XX:TieredStopAtLevel=1",
            "--add-opens",
            "java.base/java.lang=ALL-UNNAMED",
            "-Dorg.slf4j.simpleLogger.showDateTime=true",
            "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS",
            "-cp",
            classpath,
            mainClass));
    cmd.addAll(List.of(args));
    return cmd.toArray(String[]::new);
  }

  private static void mkdirs(Path p) {
    try {
      Files.createDirectories(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String readFile(Path p) {
    try {
      return Files.exists(p) ? Files.readString(p) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A fresh run-unique tag for file names. */
  public static String tag() {
    return RunId.run();
  }

  @Override
  public void close() {
    for (ClusterNode n : nodes) {
      n.killAll();
    }
    for (int i = namespaces.size() - 1; i >= 0; i--) {
      namespaces.get(i).close();
    }
  }
}
