package io.fulcrum.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The bad-input table for a server other than this module's test fixture (the agent's ITs use it
 * through the test jar). The server must hold the fixture's state: the token {@link #TOKEN}, a body
 * limit of {@link #MAX_BODY} bytes, an API-owned service created with {@link #WEB_SERVICE} whose
 * health check was set with {@link #WEB_HEALTHCHECK} and whose backend {@link #DRAINED} is drained,
 * and a read-only service named {@code static}.
 */
public final class BadInputConformance {
  private BadInputConformance() {}

  public static final String TOKEN = ApiFixture.TOKEN;
  public static final int MAX_BODY = BadInputTable.MAX_BODY;
  public static final String WEB_SERVICE = ApiEndpointsTest.WEB;
  public static final String WEB_HEALTHCHECK =
      "{\"type\":\"http\",\"intervalMillis\":1000,\"timeoutMillis\":500,"
          + "\"rise\":2,\"fall\":3,\"path\":\"/ok\"}";
  public static final String DRAINED = BadInputTable.B1;

  /** Number of rows. */
  public static int size() {
    return BadInputTable.rows().size();
  }

  /**
   * Sends every row to the server on loopback {@code port} and checks its status and problem
   * document as {@link BadInputTableTest} does; returns one line per row answered wrongly.
   */
  public static List<String> check(int port) {
    List<String> wrong = new ArrayList<>();
    for (BadRequest row : BadInputTable.rows()) {
      RawHttp.Response r = RawHttp.send(port, row.method, row.path, row.headers, row.body);
      String why = mismatch(row, r);
      if (why != null) {
        wrong.add(row + ": " + why + " -> " + r.status() + " " + r.body());
      }
    }
    return wrong;
  }

  private static String mismatch(BadRequest row, RawHttp.Response r) {
    if (r.status() != row.status) {
      return "status " + r.status() + ", expected " + row.status;
    }
    String ct = r.header("content-type");
    if (ct == null || !ct.startsWith(Problem.CONTENT_TYPE)) {
      return "content type " + ct;
    }
    JsonNode p;
    try {
      p = ApiFixture.JSON.readTree(r.body());
    } catch (IOException e) {
      return "body is not JSON";
    }
    if (p.path("status").asInt() != row.status) {
      return "problem status " + p.path("status");
    }
    if (!p.path("type").asText().equals("urn:fulcrum:problem:" + row.type)) {
      return "problem type " + p.path("type") + ", expected " + row.type;
    }
    if (p.path("title").asText().isBlank()) {
      return "no title";
    }
    if (row.status == 401) {
      if (p.has("detail") || r.body().contains(TOKEN)) {
        return "a 401 must give no detail";
      }
    } else if (p.path("detail").asText().isBlank()) {
      return "no detail";
    }
    if (row.field != null
        && !(row.field.equals(p.path("field").asText())
            && row.rule.equals(p.path("rule").asText()))) {
      return "field/rule " + p.path("field") + "/" + p.path("rule");
    }
    if (row.status == 405 && (r.header("allow") == null || r.header("allow").isBlank())) {
      return "no Allow header";
    }
    return null;
  }
}
