package io.fulcrum.testrig.bgp;

import io.fulcrum.testrig.Netns;
import io.fulcrum.testrig.Sh;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * FRR's zebra and bgpd (Debian package {@code frr}) as a router inside a test namespace: bgpd
 * learns routes and zebra installs them into that namespace's kernel routing table, so traffic
 * through the namespace follows them. Private config, pid and socket directory; runs as user {@code
 * frr}. Query with {@link #vtysh(String, String)}.
 */
public final class FrrRouter implements AutoCloseable {
  private final Netns ns;
  private final Path dir;
  private final List<Process> processes = new ArrayList<>();

  private FrrRouter(Netns ns, Path dir) {
    this.ns = ns;
    this.dir = dir;
  }

  /** A neighbour: address and AS. */
  public record Neighbor(String address, long as) {}

  /** Starts zebra and bgpd with eBGP/iBGP neighbours; accepts every route (no policy). */
  public static FrrRouter start(Netns ns, long as, String routerId, List<Neighbor> neighbors) {
    return start(ns, as, routerId, neighbors, false);
  }

  /**
   * As {@link #start(Netns, long, String, List)}; with {@code bfd}, bfdd runs too and every
   * neighbour has BFD (FRR's defaults: 300 ms x 3), so a BFD failure drops the BGP session.
   */
  public static FrrRouter start(
      Netns ns, long as, String routerId, List<Neighbor> neighbors, boolean bfd) {
    StringBuilder bgp = new StringBuilder();
    bgp.append("router bgp ").append(as).append('\n');
    bgp.append(" bgp router-id ").append(routerId).append('\n');
    bgp.append(" no bgp ebgp-requires-policy\n no bgp network import-check\n");
    bgp.append(" bgp bestpath as-path multipath-relax\n");
    for (Neighbor n : neighbors) {
      bgp.append(" neighbor ")
          .append(n.address())
          .append(" remote-as ")
          .append(n.as())
          .append('\n');
      bgp.append(" neighbor ").append(n.address()).append(" timers 3 9\n");
      if (bfd) {
        bgp.append(" neighbor ").append(n.address()).append(" bfd\n");
      }
    }
    bgp.append(" address-family ipv4 unicast\n  maximum-paths 8\n");
    for (Neighbor n : neighbors) {
      bgp.append("  neighbor ").append(n.address()).append(" activate\n");
    }
    bgp.append(" exit-address-family\nexit\n");
    Path dir;
    try {
      dir =
          Files.createTempDirectory(
              "frr-" + ns.name(),
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwxrwx")));
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
      Files.writeString(dir.resolve("zebra.conf"), "hostname router\n");
      Files.writeString(dir.resolve("bgpd.conf"), bgp.toString());
      Files.writeString(dir.resolve("bfdd.conf"), "bfd\nexit\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    FrrRouter r = new FrrRouter(ns, dir);
    try {
      r.daemon("zebra");
      r.waitFor("zebra.vty");
      r.waitFor("zserv.api");
      if (bfd) {
        r.daemon("bfdd");
        r.waitFor("bfdd.vty");
      }
      r.daemon("bgpd");
      r.waitFor("bgpd.vty");
      return r;
    } catch (RuntimeException e) {
      r.close();
      throw e;
    }
  }

  private void daemon(String name) {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "/usr/lib/frr/" + name,
                "-f",
                dir.resolve(name + ".conf").toString(),
                "-i",
                dir.resolve(name + ".pid").toString(),
                "-z",
                dir.resolve("zserv.api").toString(),
                "--vty_socket",
                dir.toString(),
                "-u",
                "frr",
                "-g",
                "frr",
                "-A",
                "127.0.0.1"));
    if (name.equals("bfdd")) {
      cmd.add("--bfdctl");
      cmd.add(dir.resolve("bfdd.sock").toString());
    }
    processes.add(ns.spawn(dir.resolve(name + ".out").toFile(), cmd.toArray(String[]::new)));
  }

  private void waitFor(String file) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!Files.exists(dir.resolve(file))) {
      if (System.nanoTime() > deadline || processes.stream().anyMatch(p -> !p.isAlive())) {
        throw new IllegalStateException("FRR did not create " + file + ":\n" + output());
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /** Runs a vtysh command against one daemon ("zebra" or "bgpd"); failure throws. */
  public String vtysh(String daemon, String command) {
    Sh.Result r = ns.run("vtysh", "--vty_socket", dir.toString(), "-d", daemon, "-c", command);
    if (!r.ok()) {
      throw new IllegalStateException("vtysh " + command + ": " + r.stderr() + r.stdout());
    }
    return r.stdout();
  }

  /** The daemons' output so far. */
  public String output() {
    StringBuilder b = new StringBuilder();
    for (String n : List.of("zebra", "bfdd", "bgpd")) {
      try {
        b.append(Files.readString(dir.resolve(n + ".out")));
      } catch (IOException e) {
        b.append("(no ").append(n).append(" output)\n");
      }
    }
    return b.toString();
  }

  @Override
  public void close() {
    for (int i = processes.size() - 1; i >= 0; i--) {
      Process p = processes.get(i);
      p.destroy();
      try {
        if (!p.waitFor(5, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Sh.quiet("rm", "-rf", dir.toString());
  }
}
