package io.fulcrum.api.http;

import static io.fulcrum.api.http.BadRequest.json;
import static io.fulcrum.api.http.BadRequest.of;

import java.util.ArrayList;
import java.util.List;

/** The bad-input table: every row must be refused with its status and problem, changing nothing. */
final class BadInputTable {
  private BadInputTable() {}

  static final String SVC = "/api/v1/services";
  static final String WEB = SVC + "/web";
  static final String HC = WEB + "/healthcheck";
  static final String B1 = WEB + "/backends/198.18.1.2:8080";

  static final int MAX_BODY = 4096;

  /** A valid service body with one field replaced by {@code field: raw}. */
  static String svc(String field, String raw) {
    String base =
        "{\"name\":\"new\",\"vip\":\"198.18.0.30\",\"port\":80,\"protocol\":\"tcp\",\"mode\":\"fullnat\","
            + "\"affinityTimeoutSeconds\":0,\"maglevTableSize\":0,"
            + "\"backends\":[{\"address\":\"198.18.1.9\",\"port\":80,\"weight\":1}]}";
    if (field == null) {
      return base;
    }
    String re = "\"" + field + "\":(\"[^\"]*\"|\\[[^\\]]*\\]|[^,}]+)";
    return raw == null
        ? base.replaceFirst(re + ",?", "")
        : base.replaceFirst(re, "\"" + field + "\":" + raw);
  }

  /** A valid service body whose only backend is {@code backendJson}. */
  static String svcBackend(String backendJson) {
    return "{\"name\":\"new\",\"vip\":\"198.18.0.30\",\"port\":80,\"backends\":["
        + backendJson
        + "]}";
  }

  static List<BadRequest> rows() {
    List<BadRequest> t = new ArrayList<>();
    String unauthorized = "unauthorized";
    // --- authentication: 401, no detail
    t.add(of("no token", "GET", SVC).noAuth().expect(401, unauthorized));
    t.add(
        of("wrong token", "GET", SVC)
            .auth("Bearer wrong-token-0123456789")
            .expect(401, unauthorized));
    t.add(of("basic scheme", "GET", SVC).auth("Basic dXNlcjpwYXNz").expect(401, unauthorized));
    t.add(of("empty bearer", "GET", SVC).auth("Bearer ").expect(401, unauthorized));
    t.add(of("scheme only", "GET", SVC).auth("Bearer").expect(401, unauthorized));
    t.add(
        of("token one char short", "GET", SVC)
            .auth("Bearer " + ApiFixture.TOKEN.substring(1))
            .expect(401, unauthorized));
    t.add(
        of("token one char long", "GET", SVC)
            .auth("Bearer " + ApiFixture.TOKEN + "x")
            .expect(401, unauthorized));
    t.add(
        of("token with trailing word", "GET", SVC)
            .auth("Bearer " + ApiFixture.TOKEN + " x")
            .expect(401, unauthorized));
    t.add(of("token without scheme", "GET", SVC).auth(ApiFixture.TOKEN).expect(401, unauthorized));
    t.add(
        of("token in query", "GET", SVC + "?access_token=" + ApiFixture.TOKEN)
            .noAuth()
            .expect(401, unauthorized));
    t.add(
        json("create without token", "POST", SVC, svc(null, null))
            .noAuth()
            .expect(401, unauthorized));
    t.add(of("delete without token", "DELETE", WEB).noAuth().expect(401, unauthorized));
    t.add(
        json("patch with wrong token", "PATCH", HC, "{\"rise\":5}")
            .auth("Bearer nope-nope-nope-nope")
            .expect(401, unauthorized));
    t.add(of("drain without token", "POST", B1 + "/drain").noAuth().expect(401, unauthorized));
    t.add(
        of("openapi without token", "GET", SVC.replace("services", "openapi.json"))
            .noAuth()
            .expect(401, unauthorized));
    t.add(of("status without token", "GET", "/api/v1/status").noAuth().expect(401, unauthorized));
    t.add(
        of("unknown path without token", "GET", "/api/v1/secrets")
            .noAuth()
            .expect(401, unauthorized));

    BodySyntaxRows.add(t);
    BodyValueRows.add(t);
    String invalid = "invalid-request";
    // --- path parameters and traversal
    String badParam = "invalid-path-parameter";
    String badPath = "invalid-path";
    t.add(
        of("path name upper case", "GET", SVC + "/WEB")
            .expect(400, badParam)
            .at("name", "pattern"));
    t.add(
        of("path name underscore", "DELETE", SVC + "/we_b")
            .expect(400, badParam)
            .at("name", "pattern"));
    t.add(
        of("path name too long", "GET", SVC + "/" + "a".repeat(300))
            .expect(400, badParam)
            .at("name", "max-length"));
    t.add(of("dot-dot segment", "GET", SVC + "/../status").expect(400, badPath));
    t.add(of("dot-dot to outside", "GET", "/api/v1/../../etc/passwd").expect(400, badPath));
    t.add(of("dot segment", "DELETE", SVC + "/./web").expect(400, badPath));
    t.add(of("encoded dot-dot", "GET", SVC + "/%2e%2e/status").expect(400, badPath));
    t.add(of("encoded slash", "DELETE", SVC + "/web%2F..%2Fstatic").expect(400, badPath));
    t.add(of("encoded backslash", "GET", SVC + "/web%5c..%5cstatic").expect(400, badPath));
    t.add(of("encoded null byte", "GET", SVC + "/web%00").expect(400, "http-400"));
    t.add(of("double slash", "DELETE", SVC + "//web").expect(400, badPath));
    t.add(
        of("backend not an address", "POST", WEB + "/backends/not-an-ip/drain")
            .expect(400, badParam)
            .at("backend", "pattern"));
    t.add(
        of("backend port out of range", "POST", WEB + "/backends/198.18.1.2:70000/drain")
            .expect(400, badParam)
            .at("backend", "pattern"));
    t.add(of("backend traversal", "GET", WEB + "/backends/..%2F..%2Fstatus").expect(400, badPath));
    t.add(
        of("backend host name", "POST", WEB + "/backends/localhost:8080/disable")
            .expect(400, badParam)
            .at("backend", "pattern"));

    // --- media types
    String media = "unsupported-media-type";
    t.add(
        of("text/plain body", "POST", SVC).body("text/plain", svc(null, null)).expect(415, media));
    t.add(of("no content type", "POST", SVC).body(null, svc(null, null)).expect(415, media));
    t.add(of("xml", "PUT", HC).body("application/xml", "<hc/>").expect(415, media));
    t.add(
        of("latin-1 charset", "POST", SVC)
            .body("application/json; charset=ISO-8859-1", svc(null, null))
            .expect(415, media));
    t.add(
        of("form encoded", "PATCH", HC)
            .body("application/x-www-form-urlencoded", "rise=2")
            .expect(415, media));
    t.add(
        of("merge patch on put", "PUT", HC)
            .body("application/merge-patch+json", "{}")
            .expect(415, media));

    // --- sizes and unexpected bodies
    String tooLarge = "payload-too-large";
    String big = "{\"path\":\"/" + "a".repeat(MAX_BODY) + "\"}";
    t.add(json("oversized body", "PATCH", HC, big).expect(413, tooLarge));
    t.add(
        json("oversized create", "POST", SVC, svc("name", "\"" + "a".repeat(MAX_BODY) + "\""))
            .expect(413, tooLarge));
    t.add(
        of("oversized chunked body", "PATCH", HC)
            .body("application/json", chunked(big))
            .header("Transfer-Encoding", "chunked")
            .expect(413, tooLarge));
    t.add(
        of("declared length too large", "PUT", HC)
            .body("application/json", "{}")
            .header("Content-Length", "100000000")
            .expect(413, tooLarge));
    t.add(
        of("body on delete", "DELETE", WEB)
            .body("application/json", "{}")
            .expect(400, "unexpected-body"));
    t.add(
        of("body on drain", "POST", B1 + "/drain")
            .body("application/json", "{\"force\":true}")
            .expect(400, "unexpected-body"));

    // --- wrong methods: 405
    String method = "method-not-allowed";
    t.add(json("patch the collection", "PATCH", SVC, "{}").expect(405, method));
    t.add(of("delete the collection", "DELETE", SVC).expect(405, method));
    t.add(json("put status", "PUT", "/api/v1/status", "{}").expect(405, method));
    t.add(of("post backends list", "POST", WEB + "/backends").expect(405, method));
    t.add(of("get an action", "GET", B1 + "/drain").expect(405, method));
    t.add(of("delete health check", "DELETE", HC).expect(405, method));
    t.add(of("post healthz", "POST", "/healthz").expect(405, method));
    t.add(of("delete a backend", "DELETE", B1).expect(405, method));
    t.add(json("post to a service", "POST", WEB, svc(null, null)).expect(405, method));
    t.add(of("trace", "TRACE", SVC).expect(405, method));
    t.add(of("options", "OPTIONS", WEB).expect(405, method));
    t.add(of("made-up method", "FOO", WEB).expect(405, method));

    // --- refused by the HTTP layer itself, still as problem documents
    t.add(
        of("oversized header", "GET", SVC)
            .header("X-Big", "a".repeat(20_000))
            .expect(431, "http-431"));
    t.add(
        of("header with a control character", "GET", SVC)
            .header("X-Bad", "a\u0001b")
            .expect(400, "http-400"));

    // --- missing things and conflicts
    String notFound = "not-found";
    t.add(of("unknown service", "GET", SVC + "/nope").expect(404, notFound));
    t.add(of("unknown resource", "GET", "/api/v1/nothing").expect(404, notFound));
    t.add(of("other api version", "GET", "/api/v2/services").expect(404, notFound));
    t.add(
        json(
                "replace unknown service",
                "PUT",
                SVC + "/nope",
                "{\"vip\":\"198.18.0.10\",\"port\":80}")
            .expect(404, notFound));
    t.add(of("delete unknown service", "DELETE", SVC + "/nope").expect(404, notFound));
    t.add(
        of("drain unknown backend", "POST", WEB + "/backends/198.18.9.9/drain")
            .expect(404, notFound));
    t.add(
        of("drain backend of unknown service", "POST", SVC + "/nope/backends/198.18.1.2/drain")
            .expect(404, notFound));
    t.add(
        of("backend with wrong port", "GET", WEB + "/backends/198.18.1.2:9999")
            .expect(404, notFound));
    t.add(
        json(
                "patch health check of unknown service",
                "PATCH",
                SVC + "/nope/healthcheck",
                "{\"rise\":2}")
            .expect(404, notFound));
    t.add(
        json("create existing api service", "POST", SVC, svc("name", "\"web\""))
            .expect(409, "already-exists"));
    t.add(
        json("create over file service", "POST", SVC, svc("name", "\"static\""))
            .expect(409, "already-exists"));
    t.add(
        json(
                "replace file service",
                "PUT",
                SVC + "/static",
                "{\"vip\":\"198.18.0.10\",\"port\":80}")
            .expect(409, "read-only"));
    t.add(of("delete file service", "DELETE", SVC + "/static").expect(409, "read-only"));
    t.add(
        json("patch with a stale If-Match", "PATCH", HC, "{\"rise\":5}")
            .header("If-Match", "\"0000000000000000\"")
            .expect(412, "precondition-failed"));
    t.add(
        json(
                "put with a stale If-Match",
                "PUT",
                HC,
                "{\"type\":\"tcp\",\"intervalMillis\":1000,\"timeoutMillis\":500,\"rise\":1,\"fall\":1}")
            .header("If-Match", "\"stale\", W/\"weak\"")
            .expect(412, "precondition-failed"));
    return t;
  }

  static byte[] chunked(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i += 1000) {
      String part = s.substring(i, Math.min(s.length(), i + 1000));
      b.append(Integer.toHexString(part.length())).append("\r\n").append(part).append("\r\n");
    }
    b.append("0\r\n\r\n");
    return b.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }
}
