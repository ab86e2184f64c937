package io.fulcrum.testrig.bgp;

import io.fulcrum.testrig.Netns;
import io.fulcrum.testrig.Sh;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real gobgpd (Debian package {@code gobgpd}) playing the router inside a test's namespace. The
 * daemon's gRPC API listens on loopback inside that namespace, so several routers in several
 * namespaces never clash. Query it with {@link #gobgp(String...)}. Closing it stops the daemon and
 * deletes its files (the namespace's own close kills it too).
 */
public final class GobgpRouter implements AutoCloseable {
  private final Netns ns;
  private final Path dir;
  private final Process process;

  /** One neighbour of the router. */
  public record Neighbor(
      String address,
      long peerAs,
      String md5Password,
      boolean passive,
      boolean gracefulRestart,
      int holdTime,
      List<String> families) {

    /** A passive IPv4+IPv6 neighbour without MD5 or graceful restart, hold time 9 s. */
    public static Neighbor of(String address, long peerAs) {
      return new Neighbor(
          address, peerAs, null, true, false, 9, List.of("ipv4-unicast", "ipv6-unicast"));
    }

    public Neighbor withMd5(String password) {
      return new Neighbor(address, peerAs, password, passive, gracefulRestart, holdTime, families);
    }

    public Neighbor withPassive(boolean v) {
      return new Neighbor(address, peerAs, md5Password, v, gracefulRestart, holdTime, families);
    }

    public Neighbor withGracefulRestart(boolean v) {
      return new Neighbor(address, peerAs, md5Password, passive, v, holdTime, families);
    }
  }

  private GobgpRouter(Netns ns, Path dir, Process process) {
    this.ns = ns;
    this.dir = dir;
    this.process = process;
  }

  /** Writes the TOML configuration and starts gobgpd in {@code ns}; waits for its API. */
  public static GobgpRouter start(
      Netns ns, long as, String routerId, int port, List<Neighbor> neighbors) {
    Path dir;
    try {
      dir = Files.createTempDirectory("gobgp-" + ns.name());
      Files.writeString(dir.resolve("gobgpd.toml"), toml(as, routerId, port, neighbors));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    File log = dir.resolve("gobgpd.log").toFile();
    Process p =
        ns.spawn(
            log,
            "gobgpd",
            "-f",
            dir.resolve("gobgpd.toml").toString(),
            "-t",
            "toml",
            "-p",
            "-l",
            "info",
            "--api-hosts",
            "127.0.0.1:50051",
            "--pprof-disable");
    GobgpRouter r = new GobgpRouter(ns, dir, p);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (true) {
      if (!p.isAlive()) {
        throw new IllegalStateException("gobgpd exited:\n" + r.log());
      }
      if (ns.run("gobgp", "global").ok()) {
        return r;
      }
      if (System.nanoTime() > deadline) {
        r.close();
        throw new IllegalStateException("gobgpd API did not come up:\n" + r.log());
      }
      sleep(100);
    }
  }

  static String toml(long as, String routerId, int port, List<Neighbor> neighbors) {
    StringBuilder b = new StringBuilder();
    b.append("[global.config]\n")
        .append("  as = ")
        .append(as)
        .append('\n')
        .append("  router-id = \"")
        .append(routerId)
        .append("\"\n")
        .append("  port = ")
        .append(port)
        .append("\n\n");
    for (Neighbor n : neighbors) {
      b.append("[[neighbors]]\n  [neighbors.config]\n")
          .append("    neighbor-address = \"")
          .append(n.address())
          .append("\"\n")
          .append("    peer-as = ")
          .append(n.peerAs())
          .append('\n');
      if (n.md5Password() != null) {
        b.append("    auth-password = \"").append(n.md5Password()).append("\"\n");
      }
      b.append("  [neighbors.timers.config]\n")
          .append("    hold-time = ")
          .append(n.holdTime())
          .append('\n')
          .append("    keepalive-interval = ")
          .append(Math.max(1, n.holdTime() / 3))
          .append('\n')
          .append("    connect-retry = 1\n")
          .append("  [neighbors.transport.config]\n")
          .append("    passive-mode = ")
          .append(n.passive())
          .append('\n')
          .append("    remote-port = 179\n");
      if (n.gracefulRestart()) {
        b.append("  [neighbors.graceful-restart.config]\n")
            .append("    enabled = true\n    restart-time = 120\n");
      }
      for (String f : n.families()) {
        b.append("  [[neighbors.afi-safis]]\n    [neighbors.afi-safis.config]\n")
            .append("      afi-safi-name = \"")
            .append(f)
            .append("\"\n");
        if (n.gracefulRestart()) {
          b.append("    [neighbors.afi-safis.mp-graceful-restart.config]\n")
              .append("      enabled = true\n");
        }
      }
      b.append('\n');
    }
    return b.toString();
  }

  /** Runs the gobgp CLI against this router and returns stdout; failure throws. */
  public String gobgp(String... args) {
    List<String> cmd = new ArrayList<>(List.of("gobgp", "-u", "127.0.0.1", "-p", "50051"));
    cmd.addAll(List.of(args));
    return ns.exec(cmd.toArray(String[]::new));
  }

  /** The global RIB of a family ("ipv4" or "ipv6") as gobgp's JSON. */
  public String ribJson(String family) {
    return gobgp("global", "rib", "-a", family, "-j");
  }

  /** A neighbour's state as gobgp's JSON. */
  public String neighborJson(String address) {
    return gobgp("neighbor", address, "-j");
  }

  /** Starts {@code gobgp monitor global rib -j} in the namespace; the caller reads its stdout. */
  public Process monitor(String family) {
    ProcessBuilder pb =
        new ProcessBuilder(
            "ip",
            "netns",
            "exec",
            ns.name(),
            "gobgp",
            "-u",
            "127.0.0.1",
            "-p",
            "50051",
            "monitor",
            "global",
            "rib",
            "-a",
            family,
            "-j");
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    try {
      return pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** gobgpd's log so far. */
  public String log() {
    try {
      return Files.readString(dir.resolve("gobgpd.log"));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  public Path dir() {
    return dir;
  }

  public boolean alive() {
    return process.isAlive();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Sh.quiet("rm", "-rf", dir.toString());
  }
}
