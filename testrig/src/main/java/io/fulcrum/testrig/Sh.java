package io.fulcrum.testrig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs host commands for tests: output captured, failure is an exception naming the command. */
public final class Sh {
  private Sh() {}

  /** The result of a finished command. */
  public record Result(int exitCode, String stdout, String stderr) {
    public boolean ok() {
      return exitCode == 0;
    }
  }

  /** Runs a command and returns its result whatever the exit code. */
  public static Result run(List<String> command) {
    ProcessBuilder pb = new ProcessBuilder(command);
    try {
      Process p = pb.start();
      p.getOutputStream().close();
      var out = p.getInputStream().readAllBytes();
      var err = p.getErrorStream().readAllBytes();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("timed out: " + String.join(" ", command));
      }
      return new Result(
          p.exitValue(),
          new String(out, StandardCharsets.UTF_8),
          new String(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
    }
  }

  /** Runs a command; a non-zero exit is an exception carrying its stderr. Returns stdout. */
  public static String exec(String... command) {
    Result r = run(List.of(command));
    if (!r.ok()) {
      throw new IllegalStateException(
          "command failed (exit "
              + r.exitCode()
              + "): "
              + String.join(" ", command)
              + "\n"
              + r.stderr()
              + r.stdout());
    }
    return r.stdout();
  }

  /** Runs a command and ignores its failure (for clean-up). */
  public static void quiet(String... command) {
    try {
      run(List.of(command));
    } catch (RuntimeException ignored) {
      // clean-up is best effort
    }
  }
}
