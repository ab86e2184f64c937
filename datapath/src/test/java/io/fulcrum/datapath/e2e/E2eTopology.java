package io.fulcrum.datapath.e2e;

import io.fulcrum.datapath.BpfDatapath;
import io.fulcrum.datapath.DatapathConfig;
import io.fulcrum.datapath.bpf.Bpf;
import io.fulcrum.datapath.bpf.NativeLib;
import io.fulcrum.datapath.bpf.XdpMode;
import io.fulcrum.testrig.Cleanup;
import io.fulcrum.testrig.Netns;
import io.fulcrum.testrig.RunId;
import io.fulcrum.testrig.Veth;
import io.fulcrum.testrig.servers.BackendServer;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Client namespace, LB namespace with the XDP program attached in native mode on all its veths,
 * three backend namespaces each running a {@link BackendServer} process (HTTP 8080, UDP 8053, TCP
 * echo 9000). Addresses: client 198.18.1.1 / 2001:db8:1::1; backend i 198.18.(10+i).1 /
 * 2001:db8:1i::1; node (SNAT) 198.18.0.1 / 2001:db8::1 on the LB's loopback; VIPs 198.18.0.10 /
 * 2001:db8::10.
 */
final class E2eTopology implements AutoCloseable {
  static final String VIP4 = "198.18.0.10";
  static final String VIP6 = "2001:db8::10";
  static final String NODE4 = "198.18.0.1";
  static final String NODE6 = "2001:db8::1";
  static final int BACKENDS = 3;

  final Cleanup cleanup = new Cleanup();
  final Netns client;
  final Netns lb;
  final List<Netns> backends = new ArrayList<>();
  final List<String> lbInterfaces = new ArrayList<>();
  final DatapathConfig config;
  BpfDatapath dp;

  E2eTopology() {
    try {
      client = cleanup.add(Netns.create("ecl"));
      lb = cleanup.add(Netns.create("elb"));
      lb.sysctl("net.ipv4.ip_forward", "1");
      lb.sysctl("net.ipv6.conf.all.forwarding", "1");
      lb.exec("ip", "addr", "add", NODE4 + "/32", "dev", "lo");
      lb.exec("ip", "addr", "add", NODE6 + "/128", "dev", "lo", "nodad");
      Veth c = cleanup.add(Veth.create(lb, client));
      c.addrA("198.18.1.254/24").addrA("2001:db8:1::fe/64");
      c.addrB("198.18.1.1/24").addrB("2001:db8:1::1/64");
      client.exec("ip", "route", "add", "default", "via", "198.18.1.254");
      client.exec("ip", "-6", "route", "add", "default", "via", "2001:db8:1::fe");
      gro(client, c.nameB());
      gro(lb, c.nameA());
      lbInterfaces.add(c.nameA());
      for (int i = 1; i <= BACKENDS; i++) {
        Netns b = cleanup.add(Netns.create("ebe"));
        backends.add(b);
        Veth v = cleanup.add(Veth.create(lb, b));
        v.addrA("198.18." + (10 + i) + ".254/24").addrA("2001:db8:1" + i + "::fe/64");
        v.addrB(backend4(i) + "/24").addrB(backend6(i) + "/64");
        b.exec("ip", "route", "add", "default", "via", "198.18." + (10 + i) + ".254");
        b.exec("ip", "-6", "route", "add", "default", "via", "2001:db8:1" + i + "::fe");
        gro(b, v.nameB());
        gro(lb, v.nameA());
        lbInterfaces.add(v.nameA());
      }
      startServers();
      config =
          DatapathConfig.defaults("e2e")
              .withPinRoot(Path.of("/sys/fs/bpf/fulcrum-test", RunId.next("e2e")))
              .withSizes(64, 256, 65536, 1 << 16)
              .withSnat(ip(NODE4), ip(NODE6))
              .withInterfaces(lb.name(), XdpMode.DRIVER, lbInterfaces);
      dp = BpfDatapath.open(config);
      cleanup.add(() -> BpfDatapath.open(config).destroy());
      cleanup.add(() -> dp.close());
    } catch (RuntimeException | Error e) {
      cleanup.close();
      throw e;
    }
  }

  /**
   * veth only takes XDP_REDIRECTed frames when the receiving end has NAPI (GRO on); and a veth
   * sends packets with partial checksums (offload) that XDP would forward as they are, so the hosts
   * compute full checksums as a real NIC's peer would see them.
   */
  private static void gro(Netns ns, String dev) {
    ns.exec("ethtool", "-K", dev, "gro", "on", "tx", "off");
  }

  static String backend4(int i) {
    return "198.18." + (10 + i) + ".1";
  }

  static String backend6(int i) {
    return "2001:db8:1" + i + "::1";
  }

  static InetAddress ip(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private void startServers() {
    String java = ProcessHandle.current().info().command().orElse("java");
    String cp = classPathOf(BackendServer.class);
    List<File> logs = new ArrayList<>();
    for (int i = 1; i <= BACKENDS; i++) {
      try {
        File log = File.createTempFile("fulcrum-be" + i, ".log");
        log.deleteOnExit();
        logs.add(log);
        backends
            .get(i - 1)
            .spawn(
                log,
                java,
                "-Xmx64m",
                "-cp",
                cp,
                BackendServer.class.getName(),
                "be" + i,
                "8080",
                "8053",
                "9000");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    for (File log : logs) {
      while (!read(log).contains("READY")) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("backend server did not start: " + read(log));
        }
        sleep(100);
      }
    }
  }

  static String classPathOf(Class<?> c) {
    try {
      return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static String read(File f) {
    try {
      return Files.readString(f.toPath());
    } catch (IOException e) {
      return "";
    }
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Program id attached on the first LB interface now (read from its pinned link). */
  int attachedProgramId() {
    int fd = Bpf.objGet(config.pinRoot().resolve("links").resolve(lbInterfaces.get(0)).toString());
    try {
      return Bpf.linkInfo(fd)[1];
    } finally {
      Bpf.closeFd(fd);
    }
  }

  /**
   * Re-opens the data plane from a NEW JVM (adopting the pinned maps and swapping the program of
   * each pinned link) and waits for it to finish. Returns its output.
   */
  String reopenFromNewProcess() {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd =
        List.of(
            java,
            "-Dfulcrum.native.dir=" + NativeLib.directory(),
            "-cp",
            System.getProperty("java.class.path"),
            ReopenMain.class.getName(),
            config.pinRoot().toString(),
            lb.name(),
            NODE4,
            NODE6,
            String.join(",", lbInterfaces));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("re-open failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    List<String> names = new ArrayList<>();
    names.add(client.name());
    names.add(lb.name());
    backends.forEach(b -> names.add(b.name()));
    try {
      cleanup.close();
    } finally {
      // a namespace whose processes were still exiting may survive its first deletion
      String left = io.fulcrum.testrig.Sh.run(List.of("ip", "netns", "list")).stdout();
      for (String n : names) {
        if (left.contains(n)) {
          E2eTopology.sleep(200);
          io.fulcrum.testrig.Sh.quiet("ip", "netns", "del", n);
        }
      }
    }
  }
}
