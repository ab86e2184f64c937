package io.fulcrum.ctl;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code fulcrumctl backend drain|enable|disable SERVICE ADDRESS}. */
@Command(
    name = "backend",
    description = "Drain, disable or enable one backend of a service.",
    subcommands = {
      BackendCommand.Drain.class,
      BackendCommand.Enable.class,
      BackendCommand.Disable.class
    })
final class BackendCommand implements Callable<Integer> {
  @ParentCommand FulcrumCtl ctl;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return FulcrumCtl.USAGE;
  }

  /** Shared by the three actions. */
  abstract static class Action implements Callable<Integer> {
    @ParentCommand BackendCommand parent;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SERVICE")
    String service;

    @Parameters(
        index = "1",
        paramLabel = "ADDRESS",
        description = "address:port, [v6]:port, or the bare address when it is unique")
    String address;

    abstract String verb();

    @Override
    public Integer call() {
      return parent.ctl.run(
          spec,
          c ->
              c.post(
                  "/api/v1/services/"
                      + ApiClient.segment(service)
                      + "/backends/"
                      + ApiClient.segment(address)
                      + "/"
                      + verb()),
          b ->
              BackendsCommand.render(
                  ApiClient.JSON
                      .createObjectNode()
                      .set("backends", ApiClient.JSON.createArrayNode().add(b))));
    }
  }

  @Command(name = "drain", description = "Take no new flows; established flows continue.")
  static final class Drain extends Action {
    @Override
    String verb() {
      return "drain";
    }
  }

  @Command(name = "enable", description = "Back to normal: take new flows when healthy.")
  static final class Enable extends Action {
    @Override
    String verb() {
      return "enable";
    }
  }

  @Command(name = "disable", description = "Take no new flows (established ones may be flushed).")
  static final class Disable extends Action {
    @Override
    String verb() {
      return "disable";
    }
  }
}
