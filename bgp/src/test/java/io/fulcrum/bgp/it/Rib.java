package io.fulcrum.bgp.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fulcrum.testrig.bgp.GobgpRouter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads gobgp's JSON RIB: one entry per path. */
final class Rib {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One path of a prefix in the router's RIB. */
  record Path(String prefix, String nextHop, boolean best, boolean stale, JsonNode attrs) {
    /** The attribute of a type code (gobgp's "type" field), or null. */
    JsonNode attr(int type) {
      for (JsonNode a : attrs) {
        if (a.path("type").asInt() == type) {
          return a;
        }
      }
      return null;
    }
  }

  private Rib() {}

  /** Every path of a family ("ipv4", "ipv6"). */
  static List<Path> paths(GobgpRouter router, String family) {
    return parse(router.ribJson(family));
  }

  /** The paths of one prefix (asks the router for that prefix only). */
  static List<Path> paths(GobgpRouter router, String family, String prefix) {
    List<Path> out = new ArrayList<>();
    for (Path p : parse(router.gobgp("global", "rib", "-a", family, prefix, "-j"))) {
      if (p.prefix().equals(prefix)) {
        out.add(p);
      }
    }
    return out;
  }

  private static List<Path> parse(String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException("gobgp printed no JSON: " + json, e);
    }
    List<Path> out = new ArrayList<>();
    if (root == null || !root.isObject()) {
      return out;
    }
    for (Map.Entry<String, JsonNode> e : root.properties()) {
      for (JsonNode p : e.getValue()) {
        String nh = "";
        for (JsonNode a : p.path("attrs")) {
          int type = a.path("type").asInt();
          if (type == 3 || type == 14) {
            nh = a.path("nexthop").asText();
          }
        }
        out.add(
            new Path(
                e.getKey(),
                nh,
                p.path("best").asBoolean(),
                p.path("stale").asBoolean(),
                p.path("attrs")));
      }
    }
    return out;
  }
}
