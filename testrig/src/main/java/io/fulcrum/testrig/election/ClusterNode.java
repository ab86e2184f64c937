package io.fulcrum.testrig.election;

import io.fulcrum.testrig.Netns;
import io.fulcrum.testrig.Sh;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One node of an {@link ElectionCluster}: its namespace, its agent and its stand-in data plane. */
public final class ClusterNode {
  private final ElectionCluster cluster;
  private final int index;
  private final Netns ns;
  private final String ip;
  private final String iface;
  private final List<String> peers;
  private final Path dir;
  private final List<String> blackholed = new ArrayList<>();
  private Process agent;
  private Process keeper;

  ClusterNode(
      ElectionCluster cluster, int index, Netns ns, String ip, String iface, List<String> peers) {
    this.cluster = cluster;
    this.index = index;
    this.ns = ns;
    this.ip = ip;
    this.iface = iface;
    this.peers = peers;
    this.dir = cluster.work().resolve("node" + index);
    dir.toFile().mkdirs();
  }

  public String id() {
    return ip + ":" + ElectionCluster.RAFT_PORT;
  }

  public String ip() {
    return ip;
  }

  public Netns ns() {
    return ns;
  }

  public String iface() {
    return iface;
  }

  public String mac() {
    return ns.exec("cat", "/sys/class/net/" + iface + "/address").trim();
  }

  /** Starts the stand-in data plane (it keeps running while agents come and go). */
  public void startKeeper() {
    keeper =
        ns.spawn(
            dir.resolve("keeper.log").toFile(),
            cluster.java(
                "io.fulcrum.election.tool.LeaseKeeperMain",
                "--dir",
                dir.resolve("leases").toString(),
                "--iface",
                iface));
  }

  /** Starts (or restarts, with the same data directory) the agent. */
  public void startAgent() {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--id",
                id(),
                "--peers",
                String.join(",", peers),
                "--data",
                dir.resolve("raft").toString(),
                "--iface",
                iface,
                "--vips",
                String.join(",", cluster.vips()),
                "--lease-dir",
                dir.resolve("leases").toString(),
                "--status",
                dir.resolve("status").toString()));
    args.addAll(cluster.extraArgs());
    Sh.quiet("rm", "-f", dir.resolve("status").toString());
    File log = dir.resolve("agent.log").toFile();
    dir.toFile().mkdirs();
    agent =
        ns.spawn(
            log, cluster.java("io.fulcrum.election.tool.NodeMain", args.toArray(String[]::new)));
  }

  /** SIGKILLs the agent only (the data plane keeps running). */
  public void killAgent() {
    kill(agent);
  }

  /** SIGKILLs the whole node: agent and data plane, and takes its link down. */
  public void killNode() {
    kill(agent);
    kill(keeper);
    ns.exec("ip", "link", "set", iface, "down");
    for (String vip : cluster.vips()) {
      ns.run("ip", "addr", "del", vip + "/32", "dev", iface); // a dead box answers nothing
    }
  }

  /** Brings a killed node back: link up, data plane and agent started again. */
  public void reviveNode() {
    ns.exec("ip", "link", "set", iface, "up");
    startKeeper();
    startAgent();
  }

  /** Cuts this node off from the other nodes (both directions); the client still reaches it. */
  public void partitionFromPeers() {
    for (ClusterNode other : cluster.nodes()) {
      if (other != this) {
        ns.exec("ip", "route", "add", "blackhole", other.ip + "/32");
        other.ns.exec("ip", "route", "add", "blackhole", ip + "/32");
        blackholed.add(other.ip);
      }
    }
  }

  /** Undoes {@link #partitionFromPeers}. */
  public void heal() {
    for (ClusterNode other : cluster.nodes()) {
      if (blackholed.contains(other.ip)) {
        ns.run("ip", "route", "del", "blackhole", other.ip + "/32");
        other.ns.run("ip", "route", "del", "blackhole", ip + "/32");
      }
    }
    blackholed.clear();
  }

  public boolean agentAlive() {
    return agent != null && agent.isAlive();
  }

  /** The agent's last status line as key/value pairs (empty if none yet). */
  public Map<String, String> status() {
    Map<String, String> m = new HashMap<>();
    String line = ElectionCluster.readFile(dir.resolve("status")).trim();
    for (String part : line.split(" ")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        m.put(part.substring(0, eq), part.substring(eq + 1));
      }
    }
    return m;
  }

  /** True while the VIP is an address on this node's interface (it answers ARP and ping). */
  public boolean hasAddress(String vip) {
    return ns.run("ip", "-o", "addr", "show", "dev", iface).stdout().contains(" " + vip + "/");
  }

  public String agentLog() {
    return ElectionCluster.readFile(dir.resolve("agent.log"));
  }

  public String keeperLog() {
    return ElectionCluster.readFile(dir.resolve("keeper.log"));
  }

  void killAll() {
    kill(agent);
    kill(keeper);
  }

  private static void kill(Process p) {
    if (p == null) {
      return;
    }
    p.destroyForcibly();
    try {
      p.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "node" + index + "(" + id() + ")";
  }
}
