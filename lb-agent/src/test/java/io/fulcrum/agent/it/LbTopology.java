package io.fulcrum.agent.it;

import io.fulcrum.testrig.Cleanup;
import io.fulcrum.testrig.Netns;
import io.fulcrum.testrig.RunId;
import io.fulcrum.testrig.Sh;
import io.fulcrum.testrig.Veth;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The demo topology for the agent's integration tests: a client, an LB node and three backends,
 * each in its own namespace, joined by veth pairs (addresses from 198.18.0.0/15):
 *
 * <pre>
 *   client 198.18.1.2 -- 198.18.1.1 [LB, node address 198.18.0.1] 198.18.1x.1 -- backend-x 198.18.1x.2
 * </pre>
 *
 * The client routes 198.18.100.0/24 (the VIPs) through the LB. Everything is removed on close.
 */
final class LbTopology implements AutoCloseable {
  static final String NODE = "198.18.0.1";
  final Cleanup cleanup = new Cleanup();
  final Path dir;
  final Netns client;
  final Netns lb;
  final List<Netns> backends = new ArrayList<>();

  /** The LB's interface names: the client side first, then one per backend. */
  final List<String> lbInterfaces = new ArrayList<>();

  LbTopology(Path dir) {
    this.dir = dir;
    try {
      client = cleanup.add(Netns.create("flc"));
      lb = cleanup.add(Netns.create("fll"));
      Veth c = cleanup.add(Veth.create(client, lb)).addrA("198.18.1.2/24").addrB("198.18.1.1/24");
      lbInterfaces.add(c.nameB());
      client.exec("ip", "route", "add", "198.18.100.0/24", "via", "198.18.1.1");
      endHost(client, c.nameA());
      lb.exec("ip", "addr", "add", NODE + "/32", "dev", "lo");
      for (int i = 1; i <= 3; i++) {
        Netns b = cleanup.add(Netns.create("flb"));
        backends.add(b);
        Veth v =
            cleanup
                .add(Veth.create(b, lb))
                .addrA("198.18.1" + i + ".2/24")
                .addrB("198.18.1" + i + ".1/24");
        lbInterfaces.add(v.nameB());
        b.exec("ip", "route", "add", "default", "via", "198.18.1" + i + ".1");
        endHost(b, v.nameA());
      }
      lb.sysctl("net.ipv4.conf.all.forwarding", "1");
      lb.sysctl("net.ipv4.conf.all.accept_local", "1");
      for (String ifname : lbInterfaces) {
        lb.sysctl("net.ipv4.conf." + ifname + ".accept_local", "1");
      }
    } catch (RuntimeException e) {
      cleanup.close();
      throw e;
    }
  }

  /** Full checksums from the end host, and veth NAPI so that redirected frames are taken. */
  private static void endHost(Netns ns, String ifname) {
    ns.exec("ethtool", "-K", ifname, "tx", "off", "gro", "on");
  }

  static String backendAddress(int i) {
    return "198.18.1" + i + ".2";
  }

  /** The YAML flow list of backends 1..3 on one port: {@code {address: A, port: P}, ...}. */
  static String backendList(int port) {
    StringBuilder backends = new StringBuilder();
    for (int i = 1; i <= 3; i++) {
      backends
          .append(i == 1 ? "" : ", ")
          .append("{address: ")
          .append(backendAddress(i))
          .append(", port: ")
          .append(port)
          .append("}");
    }
    return backends.toString();
  }

  /** The {@code dataplane} section attaching to this topology's LB interfaces, small maps. */
  String dataplaneYaml(String pin) {
    return "dataplane:\n  netns: "
        + lb.name()
        + "\n  interfaces: ["
        + String.join(", ", lbInterfaces)
        + "]\n  snatAddresses: ["
        + NODE
        + "]\n  pinPath: "
        + pin
        + "\n  maps: {services: 64, backends: 256, flows: 16384, affinity: 1024, ringPool: 65536}\n";
  }

  /** Starts an HTTP server (answers "backend-i") on backend i, port 8080; returns its log. */
  Path startHttp(int i) {
    Path www = dir.resolve("www" + i);
    try {
      Files.createDirectories(www);
      Files.writeString(www.resolve("index.html"), "backend-" + i + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path log = dir.resolve("http-" + i + ".log");
    backends
        .get(i - 1)
        .spawn(
            log.toFile(),
            "python3",
            "-u",
            "-m",
            "http.server",
            "8080",
            "--bind",
            backendAddress(i),
            "--directory",
            www.toString());
    waitFor(
        backends.get(i - 1),
        "curl",
        "-s",
        "-o",
        "/dev/null",
        "-m",
        "1",
        "http://" + backendAddress(i) + ":8080/");
    return log;
  }

  /** Starts the streaming server on backend i, port 9000. */
  void startStream(int i) {
    backends
        .get(i - 1)
        .spawn(
            dir.resolve("stream-" + i + ".log").toFile(),
            "python3",
            script("stream_server.py").toString(),
            "backend-" + i,
            backendAddress(i),
            "9000");
    waitFor(
        backends.get(i - 1),
        "python3",
        "-c",
        "import socket; socket.create_connection(('" + backendAddress(i) + "', 9000), 1).close()");
  }

  /** Starts a stream client in the client namespace; its one-line verdict goes to the file. */
  File startStreamClient(String vip, int port, int seconds) {
    File out = dir.resolve("stream-client-" + RunId.next("sc") + ".log").toFile();
    client.spawn(
        out,
        "python3",
        script("stream_client.py").toString(),
        vip,
        Integer.toString(port),
        Integer.toString(seconds));
    return out;
  }

  /** One HTTP request from the client; returns the body, or "" on failure. */
  String curl(String url) {
    Sh.Result r = client.run("curl", "-s", "-m", "3", url);
    return r.ok() ? r.stdout().trim() : "";
  }

  Path script(String name) {
    Path p = dir.resolve(name);
    if (!Files.exists(p)) {
      try (InputStream in =
          Objects.requireNonNull(LbTopology.class.getResourceAsStream("/it/" + name), name)) {
        Files.copy(in, p, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return p;
  }

  private static void waitFor(Netns ns, String... probe) {
    for (int i = 0; i < 100; i++) {
      if (ns.run(probe).ok()) {
        return;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    throw new IllegalStateException(
        "server did not come up in " + ns + ": " + String.join(" ", probe));
  }

  @Override
  public void close() {
    cleanup.close();
  }
}
