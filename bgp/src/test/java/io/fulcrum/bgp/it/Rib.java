package io.fulcrum.bgp.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fulcrum.testrig.bgp.GobgpRouter;
import java.util.ArrayList;
import java.util.List;

/** Reads gobgp's JSON RIB: one best-or-not path per entry. */
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

  static List<Path> paths(GobgpRouter router, String family) {
    try {
      JsonNode root = JSON.readTree(router.ribJson(family));
      List<Path> out = new ArrayList<>();
      if (root == null || root.isNull()) {
        return out;
      }
      root.properties()
          .iterator()
          .forEachRemaining(
              e -> {
                for (JsonNode p : e.getValue()) {
                  String nh = "";
                  for (JsonNode a : p.path("attrs")) {
                    if (a.path("type").asInt() == 3) {
                      nh = a.path("nexthop").asText();
                    }
                    if (a.path("type").asInt() == 14) {
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
              });
      return out;
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<Path> paths(GobgpRouter router, String family, String prefix) {
    return paths(router, family).stream().filter(p -> p.prefix().equals(prefix)).toList();
  }
}
