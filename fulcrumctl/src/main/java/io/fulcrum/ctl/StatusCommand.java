package io.fulcrum.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code fulcrumctl status}: election role, VIP owners, BGP sessions, data plane, maps. */
@Command(
    name = "status",
    description =
        "Show this node's election role, VIP owners, BGP sessions, data plane and map fill.")
final class StatusCommand implements Callable<Integer> {
  @ParentCommand FulcrumCtl ctl;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    return ctl.run(spec, c -> c.get("/api/v1/status"), StatusCommand::render);
  }

  static String text(JsonNode n) {
    return n == null || n.isMissingNode() || n.isNull() ? "-" : n.asText();
  }

  static String render(JsonNode s) {
    StringBuilder sb = new StringBuilder();
    JsonNode e = s.path("election");
    JsonNode dp = s.path("dataPlane");
    sb.append(
        new Table("NODE", "ROLE", "TERM", "LEADER", "DATA PLANE")
            .row(
                text(s.path("node")),
                text(e.path("role")),
                e.path("term").asLong(),
                text(e.path("leader")),
                dp.path("attached").asBoolean()
                    ? "attached to "
                        + text(dp.path("interfaceName"))
                        + " ("
                        + text(dp.path("mode"))
                        + ")"
                    : "not attached"
                        + (dp.hasNonNull("detail") ? ": " + dp.get("detail").asText() : ""))
            .render());
    Table vips = new Table("VIP", "OWNER", "LOCAL");
    s.path("vips")
        .forEach(
            v ->
                vips.row(
                    text(v.path("vip")),
                    text(v.path("owner")),
                    v.path("local").asBoolean() ? "yes" : "no"));
    sb.append('\n').append(vips.size() == 0 ? "no VIPs\n" : vips.render());
    Table bgp = new Table("BGP PEER", "AS", "STATE", "SINCE", "PREFIXES");
    s.path("bgpSessions")
        .forEach(
            b ->
                bgp.row(
                    text(b.path("peer")),
                    b.path("peerAs").asLong(),
                    text(b.path("state")),
                    text(b.path("since")),
                    b.path("prefixesAdvertised").asInt()));
    sb.append('\n').append(bgp.size() == 0 ? "no BGP sessions\n" : bgp.render());
    Table maps = new Table("MAP", "USED", "CAPACITY", "FILL");
    s.path("maps")
        .forEach(
            m ->
                maps.row(
                    text(m.path("map")),
                    m.path("used").asLong(),
                    m.path("capacity").asLong(),
                    String.format(Locale.ROOT, "%.1f%%", 100 * m.path("fillRatio").asDouble())));
    sb.append('\n').append(maps.size() == 0 ? "no maps reported\n" : maps.render());
    return sb.toString();
  }
}
