package io.fulcrum.agent;

import io.fulcrum.agent.cli.RunCommand;
import io.fulcrum.agent.cli.TeardownCommand;
import io.fulcrum.agent.cli.ValidateCommand;
import io.fulcrum.agent.cli.VersionProvider;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code fulcrum-agent}: the command line of the agent. */
@Command(
    name = "fulcrum-agent",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Fulcrum: eBPF-backed L4 load balancer agent.",
    subcommands = {
      RunCommand.class,
      ValidateCommand.class,
      TeardownCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "missing command (run, validate, teardown)");
  }

  /** Runs the command line and returns the exit code. */
  public static int execute(String... args) {
    return new CommandLine(new Main()).execute(args);
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }
}
