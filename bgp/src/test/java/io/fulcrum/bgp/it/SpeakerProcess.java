package io.fulcrum.bgp.it;

import io.fulcrum.testrig.Netns;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A {@link SpeakerMain} running in a namespace ({@code ip netns exec NS java -cp ...}), driven over
 * its stdin/stdout. Closing it kills the process.
 */
public final class SpeakerProcess implements AutoCloseable {
  private final Process process;
  private final Writer stdin;
  private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
  private final List<String> events = new CopyOnWriteArrayList<>();
  private final File log;

  private SpeakerProcess(Process process, File log) {
    this.process = process;
    this.log = log;
    this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread t =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  if (line.startsWith("SESSION ")) {
                    events.add(line);
                  } else {
                    replies.add(line);
                  }
                }
              } catch (IOException e) {
                // process gone
              }
              replies.add("EOF");
            },
            "speaker-reader");
    t.setDaemon(true);
    t.start();
  }

  /** Starts the speaker JVM in {@code ns} with this JVM's classpath. */
  public static SpeakerProcess start(Netns ns) {
    try {
      File log = Files.createTempFile("speaker-" + ns.name(), ".log").toFile();
      String java = System.getProperty("java.home") + "/bin/java";
      ProcessBuilder pb =
          new ProcessBuilder(
              "ip",
              "netns",
              "exec",
              ns.name(),
              java,
              "-Xmx256m",
              "-XX:+UseSerialGC",
              "-XX:TieredStopAtLevel=1",
              "-Dorg.slf4j.simpleLogger.showDateTime=true",
              "-cp",
              System.getProperty("java.class.path"),
              SpeakerMain.class.getName());
      pb.redirectError(ProcessBuilder.Redirect.appendTo(log));
      SpeakerProcess s = new SpeakerProcess(pb.start(), log);
      s.expect("READY", Duration.ofSeconds(30));
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends a command and waits for its "OK". */
  public void command(String line) {
    send(line);
    expect("OK", Duration.ofSeconds(30));
  }

  /** Sends a command answered by data lines and "END"; returns the data lines. */
  public List<String> query(String line) {
    send(line);
    List<String> out = new ArrayList<>();
    while (true) {
      String l = next(Duration.ofSeconds(30));
      if (l.equals("END")) {
        return out;
      }
      if (l.startsWith("ERR") || l.equals("EOF")) {
        throw new IllegalStateException("speaker: " + l + "\n" + log());
      }
      out.add(l);
    }
  }

  /** Waits until a session event matching the predicate was printed. */
  public void awaitEvent(Predicate<String> p, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (events.stream().anyMatch(p)) {
        return;
      }
      sleep(20);
    }
    throw new IllegalStateException("no matching session event; events " + events + "\n" + log());
  }

  public List<String> events() {
    return List.copyOf(events);
  }

  /** Kills the process at once (SIGKILL): the node dies; the kernel closes its sockets. */
  public void kill() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public boolean alive() {
    return process.isAlive();
  }

  public String log() {
    try {
      return Files.readString(log.toPath());
    } catch (IOException e) {
      return "(no log)";
    }
  }

  private void send(String line) {
    try {
      stdin.write(line + "\n");
      stdin.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("speaker gone:\n" + log(), e);
    }
  }

  private void expect(String want, Duration timeout) {
    String l = next(timeout);
    if (!l.equals(want)) {
      throw new IllegalStateException("speaker answered " + l + ", wanted " + want + "\n" + log());
    }
  }

  private String next(Duration timeout) {
    try {
      String l = replies.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (l == null) {
        throw new IllegalStateException("speaker did not answer\n" + log());
      }
      return l;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    kill();
    log.delete();
  }
}
