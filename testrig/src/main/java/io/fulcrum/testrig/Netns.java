package io.fulcrum.testrig;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace made by a test. Closing it kills every process started in it and deletes it
 * (with its interfaces). Loopback is brought up on creation.
 */
public final class Netns implements AutoCloseable {
  private final String name;
  private final List<Process> processes = new CopyOnWriteArrayList<>();

  private Netns(String name) {
    this.name = name;
  }

  /** Creates a namespace named {@code <prefix><run><n>}. */
  public static Netns create(String prefix) {
    String name = RunId.next(prefix);
    Sh.exec("ip", "netns", "add", name);
    Netns ns = new Netns(name);
    ns.exec("ip", "link", "set", "lo", "up");
    return ns;
  }

  public String name() {
    return name;
  }

  /** Runs a command inside the namespace and returns its stdout; failure throws. */
  public String exec(String... command) {
    return Sh.exec(prefixed(command));
  }

  /** Runs a command inside the namespace; returns the result whatever the exit code. */
  public Sh.Result run(String... command) {
    return Sh.run(List.of(prefixed(command)));
  }

  /** Starts a long-running process in the namespace; it is killed when the namespace closes. */
  public Process spawn(File log, String... command) {
    ProcessBuilder pb = new ProcessBuilder(prefixed(command));
    pb.redirectErrorStream(true);
    if (log != null) {
      pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log));
    } else {
      pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    }
    try {
      Process p = pb.start();
      processes.add(p);
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot start in " + name + ": " + String.join(" ", command), e);
    }
  }

  /** Sets a sysctl inside the namespace. */
  public void sysctl(String key, String value) {
    exec("sysctl", "-q", "-w", key + "=" + value);
  }

  private String[] prefixed(String... command) {
    List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", name));
    all.addAll(List.of(command));
    return all.toArray(String[]::new);
  }

  @Override
  public void close() {
    for (Process p : processes) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      try {
        p.waitFor(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    // anything else still running in the namespace (started by commands we did not spawn)
    String pids = Sh.run(List.of("ip", "netns", "pids", name)).stdout().trim();
    for (String pid : pids.split("\\s+")) {
      if (!pid.isEmpty()) {
        Sh.quiet("kill", "-9", pid);
      }
    }
    Sh.quiet("ip", "netns", "del", name);
  }

  @Override
  public String toString() {
    return name;
  }
}
