package io.fulcrum.healthcheck.it;

import io.fulcrum.testrig.Capabilities;
import io.fulcrum.testrig.Cleanup;
import io.fulcrum.testrig.Netns;
import io.fulcrum.testrig.Veth;
import java.util.concurrent.ThreadFactory;

/**
 * Two namespaces joined by a veth: the client (where the engine probes from) and the server (where
 * the test servers listen), each with an IPv4 and an IPv6 address. An nftables table in the server
 * namespace blackholes chosen traffic. Closing removes everything.
 */
public final class Rig implements AutoCloseable {
  public static final String CLIENT_V4 = "198.18.0.1";
  public static final String SERVER_V4 = "198.18.0.2";
  public static final String CLIENT_V6 = "2001:db8::1";
  public static final String SERVER_V6 = "2001:db8::2";

  private final Cleanup cleanup = new Cleanup();
  public final Netns client;
  public final Netns server;
  public final Veth link;

  public Rig() {
    Capabilities.requireKernelTestRig();
    try {
      client = cleanup.add(Netns.create("hcc"));
      server = cleanup.add(Netns.create("hcs"));
      link =
          Veth.create(client, server)
              .addrA(CLIENT_V4 + "/24")
              .addrB(SERVER_V4 + "/24")
              .addrA(CLIENT_V6 + "/64")
              .addrB(SERVER_V6 + "/64");
      server.exec("nft", "add", "table", "inet", "hcit");
      server.exec(
          "nft", "add chain inet hcit in { type filter hook input priority 0 ; policy accept ; }");
    } catch (RuntimeException e) {
      cleanup.close();
      throw e;
    }
  }

  /** The server's address in the family. */
  public static String serverAddress(boolean ipv4) {
    return ipv4 ? SERVER_V4 : SERVER_V6;
  }

  /** Threads that probe from the client namespace. */
  public ThreadFactory clientThreads() {
    return NetnsThreads.factory(client.name(), "hc-client");
  }

  /** Threads that serve in the server namespace. */
  public ThreadFactory serverThreads() {
    return NetnsThreads.factory(server.name(), "hc-server");
  }

  /** Drops matching input in the server namespace (an nftables rule, e.g. "tcp dport 80"). */
  public void blackhole(String match) {
    server.exec("sh", "-c", "nft add rule inet hcit in " + match + " drop");
  }

  /** Removes every blackhole rule. */
  public void heal() {
    server.exec("nft", "flush", "chain", "inet", "hcit", "in");
  }

  @Override
  public void close() {
    cleanup.close();
  }
}
