package io.fulcrum.agent.cli;

import io.fulcrum.agent.Agent;
import io.fulcrum.agent.wiring.BpfDatapathFactory;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fulcrum-agent run --config FILE}: runs the agent until SIGTERM/SIGINT. On the way out the
 * data plane stays pinned and keeps forwarding; the next {@code run} adopts it.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description =
        "Run the agent: attach the data plane, program the configured services, watch the file.")
public final class RunCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-c", "--config"},
      required = true,
      paramLabel = "FILE",
      description = "YAML configuration file (watched for changes)")
  Path config;

  @Option(
      names = "--log-level",
      paramLabel = "LEVEL",
      description = "error, warn, info, debug or trace (default: the file's log.level, else info)")
  String logLevel;

  @Override
  public Integer call() throws Exception {
    ConfigLoading.Loaded loaded = ConfigLoading.load(config, spec.commandLine().getErr());
    if (loaded == null) {
      return ConfigLoading.CONFIG_INVALID;
    }
    String level = logLevel != null ? logLevel : loaded.config().log().level();
    if (!io.fulcrum.agent.config.LogSettings.LEVELS.contains(level)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--log-level must be one of " + io.fulcrum.agent.config.LogSettings.LEVELS);
    }
    Logging.configure(level);
    Agent agent =
        Agent.start(
            config,
            loaded.bytes(),
            loaded.config(),
            new BpfDatapathFactory(),
            Agent.Options.DEFAULT);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  agent.close();
                  stopped.countDown();
                  System.err.flush();
                  // a requested stop is a clean exit (0, not 143), also for service managers
                  Runtime.getRuntime().halt(0);
                },
                "fulcrum-shutdown"));
    stopped.await();
    return 0;
  }
}
