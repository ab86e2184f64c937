package io.fulcrum.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MainTest {
  @TempDir Path dir;

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CommandLine cl = new CommandLine(new Main());
    cl.setOut(new java.io.PrintWriter(new PrintStream(out, true, StandardCharsets.UTF_8), true));
    cl.setErr(new java.io.PrintWriter(new PrintStream(err, true, StandardCharsets.UTF_8), true));
    int code = cl.execute(args);
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void helpListsTheCommands() {
    Run r = run("--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("run", "validate", "teardown", "--version");
  }

  @Test
  void versionPrintsTheBuildVersion() {
    Run r = run("--version");
    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("fulcrum-agent ").doesNotContain("${");
  }

  @Test
  void validateAcceptsTheExample() {
    Run r = run("validate", "--config", "../examples/standalone.yaml");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("ok (2 services)");
  }

  @Test
  void validateRefusesABadFileNamingLineAndField() throws Exception {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(
        bad,
        "dataplane: {interfaces: [eth0]}\nservices:\n  - {name: a, vip: 198.18.1.1, port: 80, mode: dnat, backends: [{address: 198.18.2.1, port: 0}]}\n");
    Run r = run("validate", "--config", bad.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains(bad + ":3:")
        .contains("services[0].backends[0].port: must be between 1 and 65535, was 0");
  }

  @Test
  void runRefusesABadFileBeforeTouchingTheDataPlane() throws Exception {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, "dataplane: {interfaces: []}\n");
    Run r = run("run", "--config", bad.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("dataplane.interfaces: must name at least one interface");
  }
}
