package io.fulcrum.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code fulcrumctl backends SERVICE}: backends with health, last probe, weight, counters. */
@Command(
    name = "backends",
    description = "List the backends of a service with their health and counters.")
final class BackendsCommand implements Callable<Integer> {
  @ParentCommand FulcrumCtl ctl;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SERVICE")
  String service;

  @Override
  public Integer call() {
    return ctl.run(
        spec,
        c -> c.get("/api/v1/services/" + ApiClient.segment(service) + "/backends"),
        BackendsCommand::render);
  }

  static String render(JsonNode r) {
    Table t =
        new Table(
            "BACKEND", "WEIGHT", "ADMIN", "HEALTH", "LAST PROBE", "PACKETS", "BYTES", "NEW FLOWS");
    for (JsonNode b : r.path("backends")) {
      JsonNode p = b.path("lastProbe");
      String probe =
          p.isMissingNode() || p.isNull()
              ? "-"
              : (p.path("success").asBoolean() ? "ok" : "failed")
                  + ": "
                  + p.path("reason").asText();
      JsonNode c = b.path("counters");
      t.row(
          b.path("id").asText(),
          b.path("weight").asInt(),
          b.path("adminState").asText(),
          b.path("health").asText(),
          probe,
          c.path("packets").asLong(),
          c.path("bytes").asLong(),
          c.path("newFlows").asLong());
    }
    return t.size() == 0 ? "no backends\n" : t.render();
  }
}
