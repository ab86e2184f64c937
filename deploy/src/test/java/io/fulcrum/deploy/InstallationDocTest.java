package io.fulcrum.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.testrig.Sh;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The standalone steps of docs/installation.md are the ones that work. */
class InstallationDocTest {

  /** The lines of the first code block after the given heading. */
  static List<String> block(String heading) throws Exception {
    List<String> lines = Files.readAllLines(Chart.repoRoot().resolve("docs/installation.md"));
    int i = lines.indexOf(heading);
    assertThat(i).as("heading %s", heading).isNotNegative();
    while (!lines.get(i).startsWith("```")) {
      i++;
    }
    List<String> out = new ArrayList<>();
    for (i++; !lines.get(i).startsWith("```"); i++) {
      out.add(lines.get(i));
    }
    return out;
  }

  @Test
  void standaloneStepsNameRealFilesAndValidatePrintsOk() throws Exception {
    Path root = Chart.repoRoot();
    List<String> steps = block("### Standalone (Debian 12, as root)");
    assertThat(steps)
        .containsExactly(
            "bash scripts/setup.sh",
            "mvn -B -ntp -q -pl lb-agent -am install -DskipTests",
            "bin/fulcrum-agent validate --config examples/standalone.yaml",
            "bin/fulcrum-agent run --config examples/standalone.yaml");
    assertThat(root.resolve("scripts/setup.sh")).isRegularFile();
    assertThat(root.resolve("lb-agent/pom.xml")).isRegularFile();
    assertThat(root.resolve("bin/fulcrum-agent")).isExecutable();
    // the validate step, as written, with the agent jar bin/fulcrum-agent runs
    Path jar =
        Path.of(
            io.fulcrum.agent.Main.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
    String[] words = steps.get(2).split(" ");
    List<String> cmd = new ArrayList<>(List.of("java", "-jar", jar.toString()));
    for (int i = 1; i < words.length; i++) {
      cmd.add(i == words.length - 1 ? root.resolve(words[i]).toString() : words[i]);
    }
    Sh.Result r = Sh.run(cmd);
    assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
    assertThat(r.stdout().trim()).endsWith("examples/standalone.yaml: ok (2 services)");
  }

  @Test
  void helmStepsUseTheChartInThisRepository() throws Exception {
    List<String> steps = block("### Kubernetes (Helm)");
    assertThat(steps).contains("helm lint charts/fulcrum");
    assertThat(String.join("\n", steps)).contains("helm install fulcrum charts/fulcrum");
    assertThat(Chart.helm().lint().strict().call().isFailed()).isFalse();
    assertThat(Chart.repoRoot().resolve("Dockerfile")).isRegularFile();
    assertThat(String.join("\n", block("### Container image"))).contains("docker build -t");
  }
}
