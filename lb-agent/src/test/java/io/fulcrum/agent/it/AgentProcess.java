package io.fulcrum.agent.it;

import io.fulcrum.testrig.Sh;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The agent as users run it: {@code java -jar target/fulcrum-agent.jar run --config FILE}. */
final class AgentProcess implements AutoCloseable {
  static final Path JAR = Path.of("target", "fulcrum-agent.jar").toAbsolutePath();
  private final Process process;
  final File log;

  private AgentProcess(Process process, File log) {
    this.process = process;
    this.log = log;
  }

  /** Starts the agent and waits until it reports ready. */
  static AgentProcess start(Path config, File log) {
    if (!Files.exists(JAR)) {
      throw new IllegalStateException(JAR + " missing: run mvn package first");
    }
    ProcessBuilder pb =
        new ProcessBuilder(
            "java",
            "-XX:+UseSerialGC",
            "-jar",
            JAR.toString(),
            "run",
            "--config",
            config.toString());
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log));
    try {
      AgentProcess a = new AgentProcess(pb.start(), log);
      a.awaitLog("agent ready", Duration.ofSeconds(60));
      return a;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs another command of the agent's CLI to completion. */
  static Sh.Result cli(String... args) {
    List<String> cmd = new java.util.ArrayList<>(List.of("java", "-jar", JAR.toString()));
    cmd.addAll(List.of(args));
    return Sh.run(cmd);
  }

  String logText() {
    try {
      return Files.readString(log.toPath(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  void awaitLog(String text, Duration timeout) {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      if (logText().contains(text)) {
        return;
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "agent exited (" + process.exitValue() + "):\n" + logText());
      }
      sleep(100);
    }
    throw new IllegalStateException(
        "agent did not log '" + text + "' in " + timeout + ":\n" + logText());
  }

  /** SIGTERM and wait: the data plane must stay pinned. Returns the exit code. */
  int stop() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("agent did not stop on SIGTERM");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return process.exitValue();
  }

  long pid() {
    return process.pid();
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String scrape(int port) {
    try {
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                      .timeout(Duration.ofSeconds(10))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      return r.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The value of one sample line ("name{labels} value"), or -1 when absent. */
  static double sample(String scrape, String nameAndLabels) {
    for (String line : scrape.split("\n")) {
      if (line.startsWith(nameAndLabels + " ")) {
        return Double.parseDouble(line.substring(nameAndLabels.length() + 1).trim());
      }
    }
    return -1;
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }
}
