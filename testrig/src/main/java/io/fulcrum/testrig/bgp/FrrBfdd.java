package io.fulcrum.testrig.bgp;

import io.fulcrum.testrig.Netns;
import io.fulcrum.testrig.Sh;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

/**
 * FRR's bfdd (Debian package {@code frr}) inside a test namespace, without zebra: its own config,
 * pid file, control socket and vty socket in a private directory, so it never touches the host's
 * FRR. Query it with {@link #vtysh(String)}. Runs as the {@code frr} user (bfdd refuses to run as
 * root outside the {@code frrvty} group).
 */
public final class FrrBfdd implements AutoCloseable {
  private final Netns ns;
  private final Path dir;
  private final Process process;

  private FrrBfdd(Netns ns, Path dir, Process process) {
    this.ns = ns;
    this.dir = dir;
    this.process = process;
  }

  /** Starts bfdd with one single-hop peer at the given intervals (milliseconds). */
  public static FrrBfdd start(
      Netns ns, String peer, String local, int rxMillis, int txMillis, int multiplier) {
    String conf =
        "log file LOGFILE\nlog timestamp precision 6\ndebug bfd peer\nbfd\n peer "
            + peer
            + " local-address "
            + local
            + "\n  receive-interval "
            + rxMillis
            + "\n  transmit-interval "
            + txMillis
            + "\n  detect-multiplier "
            + multiplier
            + "\n  no shutdown\n exit\nexit\n";
    Path dir;
    try {
      dir =
          Files.createTempDirectory(
              "frr-" + ns.name(),
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwxrwx")));
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
      Files.writeString(
          dir.resolve("bfdd.conf"), conf.replace("LOGFILE", dir.resolve("bfdd.log").toString()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Process p =
        ns.spawn(
            dir.resolve("bfdd.out").toFile(),
            "/usr/lib/frr/bfdd",
            "-f",
            dir.resolve("bfdd.conf").toString(),
            "-i",
            dir.resolve("bfdd.pid").toString(),
            "--vty_socket",
            dir.toString(),
            "-z",
            dir.resolve("zserv.api").toString(),
            "--bfdctl",
            dir.resolve("bfdd.sock").toString(),
            "-u",
            "frr",
            "-g",
            "frr",
            "-A",
            "127.0.0.1");
    FrrBfdd b = new FrrBfdd(ns, dir, p);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (!b.vtyReady()) {
      if (!p.isAlive() || System.nanoTime() > deadline) {
        String out = b.output();
        b.close();
        throw new IllegalStateException("bfdd did not start:\n" + out);
      }
      sleep(100);
    }
    return b;
  }

  private boolean vtyReady() {
    return Files.exists(dir.resolve("bfdd.vty")) && vtyshResult("show bfd peers").ok();
  }

  private Sh.Result vtyshResult(String command) {
    return ns.run("vtysh", "--vty_socket", dir.toString(), "-d", "bfdd", "-c", command);
  }

  /** Runs a vtysh command against this bfdd; failure throws. */
  public String vtysh(String command) {
    Sh.Result r = vtyshResult(command);
    if (!r.ok()) {
      throw new IllegalStateException("vtysh " + command + " failed: " + r.stderr() + r.stdout());
    }
    return r.stdout();
  }

  /** {@code show bfd peers json}. */
  public String peersJson() {
    return vtysh("show bfd peers json");
  }

  /** bfdd's log (microsecond timestamps, peer state changes logged). */
  public String log() {
    try {
      return Files.readString(dir.resolve("bfdd.log"));
    } catch (IOException e) {
      return "";
    }
  }

  public String output() {
    try {
      return Files.readString(dir.resolve("bfdd.out"));
    } catch (IOException e) {
      return "(no output)";
    }
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
