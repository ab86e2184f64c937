package io.fulcrum.testrig.election;

import io.fulcrum.testrig.AgentCommand;
import io.fulcrum.testrig.Netns;
import io.fulcrum.testrig.Sh;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One node of an {@link AgentCluster}: a namespace with one link to the bridge, where the real
 * agent ({@code java -jar fulcrum-agent.jar run}) runs with its XDP data plane attached to that
 * link and the election enabled. The agent is started with {@code nsenter --net} (not {@code ip
 * netns exec}, which remounts /sys and hides bpffs), so its Raft endpoint, its raw socket and its
 * data plane all live in the node's namespace.
 */
public final class AgentNode {
  private final AgentCluster cluster;
  private final int index;
  private final Netns ns;
  private final String ip;
  private final String iface;
  private final Path dir;
  private final String pin;
  private final List<String> blackholed = new ArrayList<>();
  private Process agent;
  private int starts;

  AgentNode(AgentCluster cluster, int index, Netns ns, String ip, String iface, String pin) {
    this.cluster = cluster;
    this.index = index;
    this.ns = ns;
    this.ip = ip;
    this.iface = iface;
    this.pin = pin;
    this.dir = cluster.work().resolve("node" + index);
    dir.toFile().mkdirs();
  }

  public String id() {
    return ip + ":" + AgentCluster.RAFT_PORT;
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

  String pin() {
    return pin;
  }

  /** This node's directory (its config, log and Raft data). */
  public Path dir() {
    return dir;
  }

  public String mac() {
    return ns.exec("cat", "/sys/class/net/" + iface + "/address").trim();
  }

  /** Starts (or restarts, with the same config and Raft directory) the agent; does not wait. */
  public void startAgent() {
    starts++;
    Path config = dir.resolve("agent.yaml");
    try {
      Files.writeString(config, cluster.agentConfig(this));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> cmd =
        AgentCommand.inNetns(
            ns.name(),
            cluster.jar(),
            config,
            "-Xss512k",
            "-Dorg.slf4j.simpleLogger.showDateTime=true",
            "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS");
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
    try {
      agent = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the agent of " + this, e);
    }
  }

  /** Waits until the agent has logged {@code agent ready} since its last start. */
  public void awaitReady(int seconds) {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < end) {
      if (countInLog("agent ready") >= starts()) {
        return;
      }
      if (agent != null && !agent.isAlive()) {
        throw new IllegalStateException(this + " agent exited:\n" + tail(60));
      }
      sleep(100);
    }
    throw new IllegalStateException(this + " agent not ready in " + seconds + " s:\n" + tail(60));
  }

  private int starts() {
    return starts;
  }

  /** Starts the agent and waits until it is ready. */
  public void start(int seconds) {
    startAgent();
    awaitReady(seconds);
  }

  /** SIGKILLs the agent only: the pinned data plane keeps forwarding and answering its lease. */
  public void killAgent() {
    if (agent != null) {
      agent.destroyForcibly();
      try {
        agent.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** SIGKILLs the agent and takes the node's link down: a dead box. */
  public void killNode() {
    killAgent();
    ns.exec("ip", "link", "set", iface, "down");
  }

  /** Brings a dead node back: link up, agent started (waits until ready). */
  public void reviveNode(int seconds) {
    ns.exec("ip", "link", "set", iface, "up");
    start(seconds);
  }

  /** Cuts this node off from the other nodes (both directions); the client still reaches it. */
  public void partitionFromPeers() {
    for (AgentNode other : cluster.nodes()) {
      if (other != this) {
        ns.exec("ip", "route", "add", "blackhole", other.ip + "/32");
        other.ns.exec("ip", "route", "add", "blackhole", ip + "/32");
        blackholed.add(other.ip);
      }
    }
  }

  /** Undoes {@link #partitionFromPeers}. */
  public void heal() {
    for (AgentNode other : cluster.nodes()) {
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

  /** The agent's metrics, or "" when it does not answer. */
  public String scrape() {
    if (!agentAlive()) {
      return "";
    }
    Sh.Result r =
        ns.run(
            "curl", "-s", "-m", "1", "http://127.0.0.1:" + AgentCluster.METRICS_PORT + "/metrics");
    return r.ok() ? r.stdout() : "";
  }

  /** Whether the agent reports answering for {@code vip} ({@code fulcrum_vip_owned} 1). */
  public boolean reportsOwning(String vip) {
    return scrape().contains("fulcrum_vip_owned{vip=\"" + vip + "\"} 1.0");
  }

  /** Whether the agent reports leading the group. */
  public boolean reportsLeading() {
    return scrape().contains("fulcrum_election_leader 1.0");
  }

  public Path log() {
    return dir.resolve("agent.log");
  }

  public String logText() {
    try {
      return Files.exists(log()) ? Files.readString(log()) : "";
    } catch (IOException e) {
      return "";
    }
  }

  private int countInLog(String text) {
    String s = logText();
    int n = 0;
    for (int i = s.indexOf(text); i >= 0; i = s.indexOf(text, i + 1)) {
      n++;
    }
    return n;
  }

  /** The last {@code lines} lines of the agent's log. */
  public String tail(int lines) {
    String[] all = logText().split("\n");
    StringBuilder sb = new StringBuilder();
    for (int i = Math.max(0, all.length - lines); i < all.length; i++) {
      sb.append(all[i]).append('\n');
    }
    return sb.toString();
  }

  /** The agent's election lines (for failure messages). */
  public String electionLog() {
    StringBuilder sb = new StringBuilder("---- " + this + "\n");
    for (String line : logText().split("\n")) {
      if (line.matches(
          ".*(election|answering for|silent for|vip 198|leader in|no longer leader|agent ready"
              + "|Exception|ERROR).*")) {
        sb.append(line, 0, Math.min(line.length(), 200)).append('\n');
      }
    }
    return sb.toString();
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "node" + index + "(" + ip + ")";
  }
}
