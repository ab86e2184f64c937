package io.fulcrum.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.testrig.Sh;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** bin/fulcrumctl runs the packaged jar (a separate process) against a real server. */
class LauncherIT {
  static Path launcher() {
    Path p = Path.of("..", "bin", "fulcrumctl").toAbsolutePath().normalize();
    if (!Files.isExecutable(p)) {
      throw new IllegalStateException("bin/fulcrumctl missing or not executable at " + p);
    }
    return p;
  }

  @Test
  void launcherRunsCommandsAgainstAServer() {
    try (CtlFixture api = new CtlFixture()) {
      String env =
          "FULCRUM_API_URL=" + api.server.baseUri() + " FULCRUM_TOKEN_FILE=" + api.tokenFile;
      Sh.Result services = Sh.run(List.of("bash", "-c", env + " " + launcher() + " services"));
      assertThat(services.exitCode()).as(services.stderr()).isZero();
      assertThat(services.stdout()).startsWith("NAME").contains("198.18.0.10");
      Sh.Result drain =
          Sh.run(
              List.of(
                  "bash", "-c", env + " " + launcher() + " -o json backend drain web 198.18.1.3"));
      assertThat(drain.exitCode()).as(drain.stderr()).isZero();
      assertThat(drain.stdout()).contains("\"adminState\" : \"draining\"");
      Sh.Result refused =
          Sh.run(List.of("bash", "-c", env + " " + launcher() + " healthcheck set web rise=0"));
      assertThat(refused.exitCode()).isEqualTo(1);
      assertThat(refused.stderr()).contains("[rise: range]");
    }
  }
}
