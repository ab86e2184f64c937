package io.fulcrum.agent.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fulcrum-agent validate --config FILE}: checks a file without touching anything. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = "Check a configuration file; print every error with file:line:column: field.")
public final class ValidateCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-c", "--config"},
      required = true,
      paramLabel = "FILE",
      description = "YAML configuration file")
  Path config;

  @Override
  public Integer call() {
    ConfigLoading.Loaded loaded = ConfigLoading.load(config, spec.commandLine().getErr());
    if (loaded == null) {
      return ConfigLoading.CONFIG_INVALID;
    }
    spec.commandLine()
        .getOut()
        .println(config + ": ok (" + loaded.config().services().size() + " services)");
    spec.commandLine().getOut().flush();
    return 0;
  }
}
