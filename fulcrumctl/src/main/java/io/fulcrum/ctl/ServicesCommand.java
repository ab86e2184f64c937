package io.fulcrum.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code fulcrumctl services}: every service and where it comes from. */
@Command(
    name = "services",
    description = "List services (from the API, the config file and Kubernetes).")
final class ServicesCommand implements Callable<Integer> {
  @ParentCommand FulcrumCtl ctl;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    return ctl.run(spec, c -> c.get("/api/v1/services"), ServicesCommand::render);
  }

  static String render(JsonNode r) {
    Table t = new Table("NAME", "SOURCE", "VIP", "PORT", "PROTO", "MODE", "BACKENDS");
    for (JsonNode s : r.path("services")) {
      t.row(
          s.path("name").asText(),
          s.path("source").asText() + (s.path("readOnly").asBoolean() ? " (read-only)" : ""),
          s.path("vip").asText(),
          s.path("port").asInt(),
          s.path("protocol").asText(),
          s.path("mode").asText(),
          s.path("backends").size());
    }
    return t.size() == 0 ? "no services\n" : t.render();
  }
}
