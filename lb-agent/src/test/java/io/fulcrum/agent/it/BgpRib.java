package io.fulcrum.agent.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fulcrum.testrig.bgp.GobgpRouter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads a gobgpd router's RIB (its JSON output): one entry per path of a prefix. */
final class BgpRib {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One path in the router's RIB. */
  record Path(String prefix, String nextHop, boolean stale, JsonNode attrs) {
    /**
     * The attribute of a type code (1 ORIGIN, 2 AS_PATH, 4 MED, 8 COMMUNITIES, 32 LARGE), or null.
     */
    JsonNode attr(int type) {
      for (JsonNode a : attrs) {
        if (a.path("type").asInt() == type) {
          return a;
        }
      }
      return null;
    }
  }

  private BgpRib() {}

  /** The paths of one prefix of a family ("ipv4", "ipv6"). */
  static List<Path> paths(GobgpRouter router, String family, String prefix) {
    String json = router.gobgp("global", "rib", "-a", family, prefix, "-j");
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
      if (!e.getKey().equals(prefix)) {
        continue;
      }
      for (JsonNode p : e.getValue()) {
        String nh = "";
        for (JsonNode a : p.path("attrs")) {
          int type = a.path("type").asInt();
          if (type == 3 || type == 14) {
            nh = a.path("nexthop").asText();
          }
        }
        out.add(new Path(e.getKey(), nh, p.path("stale").asBoolean(), p.path("attrs")));
      }
    }
    return out;
  }
}
