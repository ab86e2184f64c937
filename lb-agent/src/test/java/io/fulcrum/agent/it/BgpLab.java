package io.fulcrum.agent.it;

import io.fulcrum.testrig.Netns;
import io.fulcrum.testrig.RunId;
import io.fulcrum.testrig.Sh;
import io.fulcrum.testrig.Veth;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The demo topology ({@link LbTopology}) with its client namespace playing the router in front of
 * the LB node: the static route to the VIPs is removed, so the router only reaches them through
 * what the agent announces over BGP. Optionally a user namespace behind the router:
 *
 * <pre>
 *   user 198.18.2.2 -- 198.18.2.1 [router 198.18.1.2] -- 198.18.1.1 [LB + agent] -- backends
 * </pre>
 *
 * The agent runs in the host namespace and attaches to the LB namespace ({@code dataplane.netns});
 * its BGP sockets open in the LB namespace too. Everything is removed on close.
 */
final class BgpLab implements AutoCloseable {
  /** The router's address on the LB's uplink (the agent's BGP peer). */
  static final String ROUTER = "198.18.1.2";

  /** The LB's address on that link: the next hop the agent announces (next-hop self). */
  static final String NEXT_HOP = "198.18.1.1";

  static final String USER = "198.18.2.2";

  final Path dir;
  final LbTopology topo;
  final Path config;
  final String pin;
  final int metricsPort;
  AgentProcess agent;
  private int starts;

  BgpLab() throws IOException {
    dir = Files.createTempDirectory("fulcrum-bgp-it");
    try {
      topo = new LbTopology(dir);
    } catch (RuntimeException e) {
      Sh.quiet("rm", "-rf", dir.toString());
      throw e;
    }
    topo.client.exec("ip", "route", "del", "198.18.100.0/24");
    String run = RunId.next("bgp");
    config = dir.resolve(run + ".yaml");
    pin = "/sys/fs/bpf/fulcrum-it-" + run;
    metricsPort = AgentProcess.freePort();
  }

  /** The router's namespace. */
  Netns router() {
    return topo.client;
  }

  /** Adds a user namespace behind the router (default route through it) and returns it. */
  Netns user() {
    Netns user = topo.cleanup.add(Netns.create("flu"));
    topo.cleanup.add(Veth.create(user, router())).addrA(USER + "/24").addrB("198.18.2.1/24");
    user.exec("ip", "route", "add", "default", "via", "198.18.2.1");
    router().sysctl("net.ipv4.ip_forward", "1");
    // the LB sends its replies to users back through the router
    topo.lb.exec("ip", "route", "add", "198.18.2.0/24", "via", ROUTER);
    return user;
  }

  /** The agent's configuration: data plane, metrics, then {@code rest} (services, bgp, ...). */
  String yaml(String rest) {
    return topo.dataplaneYaml(pin)
        + "metrics: {listen: \"127.0.0.1:"
        + metricsPort
        + "\"}\n"
        + rest;
  }

  /** Writes the configuration and starts the agent (each start logs to its own file). */
  AgentProcess start(String yaml) throws IOException {
    Files.writeString(config, yaml);
    starts++;
    agent = AgentProcess.start(config, dir.resolve("agent-" + starts + ".log").toFile());
    return agent;
  }

  /** One HTTP request from {@code ns}; the body, or "" on failure. */
  static String curl(Netns ns, String url) {
    Sh.Result r = ns.run("curl", "-s", "-m", "2", url);
    return r.ok() ? r.stdout().trim() : "";
  }

  @Override
  public void close() {
    if (agent != null) {
      agent.close();
      System.out.println(agent.logText());
    }
    AgentProcess.cli("teardown", "--config", config.toString());
    Sh.quiet("rm", "-rf", pin);
    topo.close();
    Sh.quiet("rm", "-rf", dir.toString());
  }
}
