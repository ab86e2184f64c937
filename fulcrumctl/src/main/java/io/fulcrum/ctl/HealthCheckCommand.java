package io.fulcrum.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code fulcrumctl healthcheck get|set SERVICE [key=value...]}. */
@Command(
    name = "healthcheck",
    description = "Show or change a service's health-check settings.",
    subcommands = {HealthCheckCommand.Get.class, HealthCheckCommand.Set.class})
final class HealthCheckCommand implements Callable<Integer> {
  @ParentCommand FulcrumCtl ctl;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return FulcrumCtl.USAGE;
  }

  static String path(String service) {
    return "/api/v1/services/" + ApiClient.segment(service) + "/healthcheck";
  }

  static String render(JsonNode s) {
    Table t = new Table("SETTING", "VALUE");
    for (Map.Entry<String, JsonNode> e : s.properties()) {
      t.row(e.getKey(), e.getValue().asText());
    }
    return t.render();
  }

  @Command(name = "get", description = "Show the settings.")
  static final class Get implements Callable<Integer> {
    @ParentCommand HealthCheckCommand parent;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SERVICE")
    String service;

    @Override
    public Integer call() {
      return parent.ctl.run(spec, c -> c.get(path(service)), HealthCheckCommand::render);
    }
  }

  @Command(
      name = "set",
      description = {
        "Change some settings at once; they take effect from the next probe.",
        "Keys: " + HealthCheckArgs.KEY_LIST + ".",
        "Example: fulcrumctl healthcheck set web interval=2s timeout=500ms rise=2"
      })
  static final class Set implements Callable<Integer> {
    @ParentCommand HealthCheckCommand parent;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SERVICE")
    String service;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "KEY=VALUE")
    List<String> settings;

    @Override
    public Integer call() {
      ObjectNode patch;
      try {
        patch = HealthCheckArgs.parse(settings);
      } catch (IllegalArgumentException e) {
        spec.commandLine().getErr().println("error: " + e.getMessage());
        spec.commandLine().getErr().flush();
        return FulcrumCtl.USAGE;
      }
      return parent.ctl.run(spec, c -> c.patch(path(service), patch), HealthCheckCommand::render);
    }
  }
}
