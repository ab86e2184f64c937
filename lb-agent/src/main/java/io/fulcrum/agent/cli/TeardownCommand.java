package io.fulcrum.agent.cli;

import io.fulcrum.agent.config.DataplaneSettings;
import io.fulcrum.agent.wiring.BpfDatapathFactory;
import io.fulcrum.datapath.DatapathException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fulcrum-agent teardown}: detaches the XDP program and removes every pinned program and map
 * (the explicit way to stop forwarding; a plain stop of the agent never does this).
 */
@Command(
    name = "teardown",
    mixinStandardHelpOptions = true,
    description = "Remove everything Fulcrum attached and pinned (stops forwarding).")
public final class TeardownCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description = "configuration whose pin path and interfaces to use")
  Path config;

  @Option(
      names = "--pin-path",
      paramLabel = "DIR",
      description = "bpffs directory (default " + DataplaneSettings.DEFAULT_PIN_PATH + ")")
  String pinPath;

  @Override
  public Integer call() {
    Logging.configure("info");
    DataplaneSettings dp;
    if (config != null) {
      ConfigLoading.Loaded loaded = ConfigLoading.load(config, spec.commandLine().getErr());
      if (loaded == null) {
        return ConfigLoading.CONFIG_INVALID;
      }
      dp = loaded.config().dataplane();
    } else {
      dp =
          new DataplaneSettings(
              List.of(),
              "auto",
              List.of(),
              32768,
              60999,
              DataplaneSettings.DEFAULT_PIN_PATH,
              null,
              DataplaneSettings.MapSizes.DEFAULTS,
              DataplaneSettings.ConntrackTimeouts.DEFAULTS);
    }
    if (pinPath != null) {
      dp =
          new DataplaneSettings(
              dp.interfaces(),
              dp.xdpMode(),
              dp.snatAddresses(),
              dp.snatPortMin(),
              dp.snatPortMax(),
              pinPath,
              dp.netns(),
              dp.maps(),
              dp.conntrack());
    }
    boolean removed;
    try {
      removed = new BpfDatapathFactory().teardown(dp);
    } catch (DatapathException e) {
      spec.commandLine().getErr().println("teardown failed: " + e.getMessage());
      spec.commandLine().getErr().flush();
      return 1;
    }
    spec.commandLine()
        .getOut()
        .println(
            removed
                ? "teardown: removed Fulcrum from " + dp.pinPath()
                : "teardown: nothing pinned at " + dp.pinPath());
    spec.commandLine().getOut().flush();
    return 0;
  }
}
