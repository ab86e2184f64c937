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

    // --- malformed JSON: 400 malformed-json
    String malformed = "malformed-json";
    t.add(json("unterminated object", "POST", SVC, "{").expect(400, malformed));
    t.add(json("missing value", "POST", SVC, "{\"name\":}").expect(400, malformed));
    t.add(json("unterminated array", "POST", SVC, "[1,2").expect(400, malformed));
    t.add(json("bad literal", "POST", SVC, "nul").expect(400, malformed));
    t.add(json("two documents", "POST", SVC, svc(null, null) + "{}").expect(400, malformed));
    t.add(json("single quotes", "POST", SVC, "{'name':'x'}").expect(400, malformed));
    t.add(json("trailing comma", "POST", SVC, "{\"name\":\"x\",}").expect(400, malformed));
    t.add(json("NaN", "PATCH", HC, "{\"rise\":NaN}").expect(400, malformed));
    t.add(json("comment", "PATCH", HC, "/* hi */ {\"rise\":2}").expect(400, malformed));
    t.add(json("duplicate key", "PATCH", HC, "{\"rise\":2,\"rise\":3}").expect(400, malformed));
    t.add(json("empty body", "POST", SVC, "").expect(400, malformed));
    t.add(json("whitespace body", "PUT", HC, "   ").expect(400, malformed));
    t.add(
        of("invalid utf-8", "POST", SVC)
            .body(
                "application/json",
                new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'})
            .expect(400, malformed));
    t.add(json("unquoted key", "PATCH", HC, "{rise:2}").expect(400, malformed));
    t.add(json("truncated string", "PATCH", HC, "{\"path\":\"/x").expect(400, malformed));

    // --- body is not an object: 400 invalid-request, rule type
    String invalid = "invalid-request";
    t.add(json("array body", "POST", SVC, "[]").expect(400, invalid).at("$", "type"));
    t.add(json("string body", "POST", SVC, "\"web\"").expect(400, invalid).at("$", "type"));
    t.add(json("number body", "PUT", HC, "42").expect(400, invalid).at("$", "type"));
    t.add(json("null body", "PATCH", HC, "null").expect(400, invalid).at("$", "type"));

    // --- unknown fields: 400 unknown-field
    t.add(
        json(
                "unknown top-level field",
                "POST",
                SVC,
                svc(null, null).replace("{\"name\"", "{\"foo\":1,\"name\""))
            .expect(400, invalid)
            .at("foo", "unknown-field"));
    t.add(
        json(
                "source is not settable",
                "POST",
                SVC,
                svc(null, null).replace("{\"name\"", "{\"source\":\"file\",\"name\""))
            .expect(400, invalid)
            .at("source", "unknown-field"));
    t.add(
        json(
                "readOnly is not settable",
                "PUT",
                WEB,
                "{\"vip\":\"198.18.0.10\",\"port\":80,\"readOnly\":true}")
            .expect(400, invalid)
            .at("readOnly", "unknown-field"));
    t.add(
        json(
                "unknown backend field",
                "POST",
                SVC,
                svcBackend("{\"address\":\"198.18.1.9\",\"port\":80,\"health\":\"up\"}"))
            .expect(400, invalid)
            .at("backends[0].health", "unknown-field"));
    t.add(
        json(
                "typo in health check put",
                "PUT",
                HC,
                "{\"type\":\"tcp\",\"interval\":1000,\"intervalMillis\":1000,\"timeoutMillis\":500,\"rise\":1,\"fall\":1}")
            .expect(400, invalid)
            .at("interval", "unknown-field"));
    t.add(
        json("unknown field in patch", "PATCH", HC, "{\"intervalMs\":500}")
            .expect(400, invalid)
            .at("intervalMs", "unknown-field"));
    t.add(
        json("service field in patch", "PATCH", HC, "{\"vip\":\"198.18.0.1\"}")
            .expect(400, invalid)
            .at("vip", "unknown-field"));
    t.add(
        json("case-different field", "PATCH", HC, "{\"Rise\":2}")
            .expect(400, invalid)
            .at("Rise", "unknown-field"));

    // --- wrong types: 400 rule type
    t.add(
        json("port as string", "POST", SVC, svc("port", "\"80\""))
            .expect(400, invalid)
            .at("port", "type"));
    t.add(
        json("port as decimal", "POST", SVC, svc("port", "80.5"))
            .expect(400, invalid)
            .at("port", "type"));
    t.add(
        json("port as 80.0", "POST", SVC, svc("port", "80.0"))
            .expect(400, invalid)
            .at("port", "type"));
    t.add(
        json("port as exponent", "POST", SVC, svc("port", "8e1"))
            .expect(400, invalid)
            .at("port", "type"));
    t.add(
        json("port as boolean", "POST", SVC, svc("port", "true"))
            .expect(400, invalid)
            .at("port", "type"));
    t.add(
        json("port null", "POST", SVC, svc("port", "null"))
            .expect(400, invalid)
            .at("port", "not-null"));
    t.add(
        json("vip as number", "POST", SVC, svc("vip", "3232235777"))
            .expect(400, invalid)
            .at("vip", "type"));
    t.add(
        json("name as number", "POST", SVC, svc("name", "5"))
            .expect(400, invalid)
            .at("name", "type"));
    t.add(
        json("backends as object", "POST", SVC, svc("backends", "{}"))
            .expect(400, invalid)
            .at("backends", "type"));
    t.add(
        json("backend as string", "POST", SVC, svc("backends", "[\"198.18.1.9:80\"]"))
            .expect(400, invalid)
            .at("backends[0]", "type"));
    t.add(
        json(
                "backend port as string",
                "POST",
                SVC,
                svcBackend("{\"address\":\"198.18.1.9\",\"port\":\"80\"}"))
            .expect(400, invalid)
            .at("backends[0].port", "type"));
    t.add(
        json(
                "weight as string",
                "POST",
                SVC,
                svcBackend("{\"address\":\"198.18.1.9\",\"port\":80,\"weight\":\"1\"}"))
            .expect(400, invalid)
            .at("backends[0].weight", "type"));
    t.add(
        json("protocol as number", "POST", SVC, svc("protocol", "6"))
            .expect(400, invalid)
            .at("protocol", "type"));
    t.add(
        json("mode as boolean", "POST", SVC, svc("mode", "true"))
            .expect(400, invalid)
            .at("mode", "type"));
    t.add(
        json("affinity as string", "POST", SVC, svc("affinityTimeoutSeconds", "\"10\""))
            .expect(400, invalid)
            .at("affinityTimeoutSeconds", "type"));
    t.add(
        json("interval as string", "PATCH", HC, "{\"intervalMillis\":\"1000\"}")
            .expect(400, invalid)
            .at("intervalMillis", "type"));
    t.add(
        json("rise as decimal", "PATCH", HC, "{\"rise\":2.5}")
            .expect(400, invalid)
            .at("rise", "type"));
    t.add(
        json("path as number", "PATCH", HC, "{\"path\":5}")
            .expect(400, invalid)
            .at("path", "type"));
    t.add(
        json("type as array", "PATCH", HC, "{\"type\":[\"http\"]}")
            .expect(400, invalid)
            .at("type", "type"));
    t.add(
        json("fall null", "PATCH", HC, "{\"fall\":null}")
            .expect(400, invalid)
            .at("fall", "not-null"));
    t.add(
        json("rise as object", "PATCH", HC, "{\"rise\":{}}")
            .expect(400, invalid)
            .at("rise", "type"));
    t.add(
        json(
                "timeout as boolean",
                "PUT",
                HC,
                "{\"type\":\"tcp\",\"intervalMillis\":1000,\"timeoutMillis\":false,\"rise\":1,\"fall\":1}")
            .expect(400, invalid)
            .at("timeoutMillis", "type"));

    // --- missing required values: 400 rule required
    t.add(
        json("create without name", "POST", SVC, svc("name", null))
            .expect(400, invalid)
            .at("name", "required"));
    t.add(
        json("create without vip", "POST", SVC, svc("vip", null))
            .expect(400, invalid)
            .at("vip", "required"));
    t.add(
        json("create without port", "POST", SVC, svc("port", null))
            .expect(400, invalid)
            .at("port", "required"));
    t.add(
        json("backend without address", "POST", SVC, svcBackend("{\"port\":80}"))
            .expect(400, invalid)
            .at("backends[0].address", "required"));
    t.add(
        json("backend without port", "POST", SVC, svcBackend("{\"address\":\"198.18.1.9\"}"))
            .expect(400, invalid)
            .at("backends[0].port", "required"));
    t.add(
        json("replace without vip", "PUT", WEB, "{\"port\":80}")
            .expect(400, invalid)
            .at("vip", "required"));
    t.add(
        json(
                "health check put without type",
                "PUT",
                HC,
                "{\"intervalMillis\":1000,\"timeoutMillis\":500,\"rise\":1,\"fall\":1}")
            .expect(400, invalid)
            .at("type", "required"));
    t.add(
        json(
                "health check put without rise",
                "PUT",
                HC,
                "{\"type\":\"tcp\",\"intervalMillis\":1000,\"timeoutMillis\":500,\"fall\":1}")
            .expect(400, invalid)
            .at("rise", "required"));
    t.add(
        json("empty object create", "POST", SVC, "{}").expect(400, invalid).at("name", "required"));

    // --- out-of-range and invalid values: 422 invalid-value
    String value = "invalid-value";
    t.add(json("port 0", "POST", SVC, svc("port", "0")).expect(422, value).at("port", "range"));
    t.add(
        json("port 65536", "POST", SVC, svc("port", "65536"))
            .expect(422, value)
            .at("port", "range"));
    t.add(
        json("port negative", "POST", SVC, svc("port", "-1"))
            .expect(422, value)
            .at("port", "range"));
    t.add(
        json("port huge", "POST", SVC, svc("port", "99999999999999999999999"))
            .expect(422, value)
            .at("port", "range"));
    t.add(
        json(
                "weight 65536",
                "POST",
                SVC,
                svcBackend("{\"address\":\"198.18.1.9\",\"port\":80,\"weight\":65536}"))
            .expect(422, value)
            .at("backends[0].weight", "range"));
    t.add(
        json(
                "weight negative",
                "POST",
                SVC,
                svcBackend("{\"address\":\"198.18.1.9\",\"port\":80,\"weight\":-1}"))
            .expect(422, value)
            .at("backends[0].weight", "range"));
    t.add(
        json("backend port 0", "POST", SVC, svcBackend("{\"address\":\"198.18.1.9\",\"port\":0}"))
            .expect(422, value)
            .at("backends[0].port", "range"));
    t.add(
        json("affinity negative", "POST", SVC, svc("affinityTimeoutSeconds", "-1"))
            .expect(422, value)
            .at("affinityTimeoutSeconds", "range"));
    t.add(
        json("affinity over a day", "POST", SVC, svc("affinityTimeoutSeconds", "86401"))
            .expect(422, value)
            .at("affinityTimeoutSeconds", "range"));
    t.add(
        json("maglev not prime", "POST", SVC, svc("maglevTableSize", "65536"))
            .expect(422, value)
            .at("maglevTableSize", "prime"));
    t.add(
        json("maglev too big", "POST", SVC, svc("maglevTableSize", "1000003"))
            .expect(422, value)
            .at("maglevTableSize", "range"));
    t.add(
        json("protocol icmp", "POST", SVC, svc("protocol", "\"icmp\""))
            .expect(422, value)
            .at("protocol", "enum"));
    t.add(
        json("protocol upper case", "POST", SVC, svc("protocol", "\"TCP\""))
            .expect(422, value)
            .at("protocol", "enum"));
    t.add(
        json("mode snat", "POST", SVC, svc("mode", "\"snat\""))
            .expect(422, value)
            .at("mode", "enum"));
    t.add(
        json("interval 99", "PATCH", HC, "{\"intervalMillis\":99}")
            .expect(422, value)
            .at("intervalMillis", "range"));
    t.add(
        json("interval over an hour", "PATCH", HC, "{\"intervalMillis\":3600001}")
            .expect(422, value)
            .at("intervalMillis", "range"));
    t.add(
        json("timeout 9", "PATCH", HC, "{\"timeoutMillis\":9}")
            .expect(422, value)
            .at("timeoutMillis", "range"));
    t.add(
        json("timeout 60001", "PATCH", HC, "{\"timeoutMillis\":60001}")
            .expect(422, value)
            .at("timeoutMillis", "range"));
    t.add(
        json("patch timeout above interval", "PATCH", HC, "{\"timeoutMillis\":5000}")
            .expect(422, value)
            .at("timeoutMillis", "not-above-interval"));
    t.add(
        json(
                "put timeout above interval",
                "PUT",
                HC,
                "{\"type\":\"tcp\",\"intervalMillis\":1000,\"timeoutMillis\":2000,\"rise\":1,\"fall\":1}")
            .expect(422, value)
            .at("timeoutMillis", "not-above-interval"));
    t.add(json("rise 0", "PATCH", HC, "{\"rise\":0}").expect(422, value).at("rise", "range"));
    t.add(json("rise 101", "PATCH", HC, "{\"rise\":101}").expect(422, value).at("rise", "range"));
    t.add(json("fall 0", "PATCH", HC, "{\"fall\":0}").expect(422, value).at("fall", "range"));
    t.add(
        json("probe port negative", "PATCH", HC, "{\"port\":-1}")
            .expect(422, value)
            .at("port", "range"));
    t.add(
        json("statusMin 99", "PATCH", HC, "{\"statusMin\":99}")
            .expect(422, value)
            .at("statusMin", "range"));
    t.add(
        json("statusMax 600", "PATCH", HC, "{\"statusMax\":600}")
            .expect(422, value)
            .at("statusMax", "range"));
    t.add(
        json("statusMin above statusMax", "PATCH", HC, "{\"statusMin\":500,\"statusMax\":400}")
            .expect(422, value)
            .at("statusMax", "not-below-min"));
    t.add(
        json("path without slash", "PATCH", HC, "{\"path\":\"healthz\"}")
            .expect(422, value)
            .at("path", "pattern"));
    t.add(
        json("path with space", "PATCH", HC, "{\"path\":\"/a b\"}")
            .expect(422, value)
            .at("path", "pattern"));
    t.add(
        json("path with newline", "PATCH", HC, "{\"path\":\"/a\\r\\nHost: evil\"}")
            .expect(422, value)
            .at("path", "pattern"));
    t.add(
        json("path too long", "PATCH", HC, "{\"path\":\"/" + "a".repeat(1024) + "\"}")
            .expect(422, value)
            .at("path", "max-length"));
    t.add(
        json("probe type grpc", "PATCH", HC, "{\"type\":\"grpc\"}")
            .expect(422, value)
            .at("type", "enum"));

    // --- addresses
    t.add(
        json("vip not an address", "POST", SVC, svc("vip", "\"not-an-ip\""))
            .expect(422, value)
            .at("vip", "ip-address"));
    t.add(
        json("vip octet 256", "POST", SVC, svc("vip", "\"198.18.0.256\""))
            .expect(422, value)
            .at("vip", "ip-address"));
    t.add(
        json("vip leading zero", "POST", SVC, svc("vip", "\"198.018.0.1\""))
            .expect(422, value)
            .at("vip", "ip-address"));
    t.add(
        json("vip host name", "POST", SVC, svc("vip", "\"localhost\""))
            .expect(422, value)
            .at("vip", "ip-address"));
    t.add(
        json("vip with prefix length", "POST", SVC, svc("vip", "\"198.18.0.30/32\""))
            .expect(422, value)
            .at("vip", "ip-address"));
    t.add(
        json("vip v6 zone id", "POST", SVC, svc("vip", "\"fe80::1%eth0\""))
            .expect(422, value)
            .at("vip", "ip-address"));
    t.add(
        json("vip bad v6", "POST", SVC, svc("vip", "\"2001:db8:::1\""))
            .expect(422, value)
            .at("vip", "ip-address"));
    t.add(
        json("vip unspecified", "POST", SVC, svc("vip", "\"0.0.0.0\""))
            .expect(422, value)
            .at("vip", "ip-address"));
    t.add(
        json("vip v6 unspecified", "POST", SVC, svc("vip", "\"::\""))
            .expect(422, value)
            .at("vip", "ip-address"));
    t.add(
        json("vip multicast", "POST", SVC, svc("vip", "\"224.0.0.1\""))
            .expect(422, value)
            .at("vip", "ip-address"));
    t.add(
        json("vip broadcast", "POST", SVC, svc("vip", "\"255.255.255.255\""))
            .expect(422, value)
            .at("vip", "ip-address"));
    t.add(
        json(
                "backend family differs",
                "POST",
                SVC,
                svcBackend("{\"address\":\"2001:db8::9\",\"port\":80}"))
            .expect(422, value)
            .at("backends[0].address", "same-family"));
    t.add(
        json(
                "duplicate backend",
                "POST",
                SVC,
                svcBackend(
                    "{\"address\":\"198.18.1.9\",\"port\":80},{\"address\":\"198.18.1.9\",\"port\":80,\"weight\":3}"))
            .expect(422, value)
            .at("backends[1]", "unique"));
    t.add(
        json(
                "too many backends",
                "POST",
                SVC,
                svcBackend(String.join(",", java.util.Collections.nCopies(1025, "{}"))))
            .expect(422, value)
            .at("backends", "max-items"));

    // --- names
    t.add(
        json("name upper case", "POST", SVC, svc("name", "\"Web\""))
            .expect(422, value)
            .at("name", "pattern"));
    t.add(
        json("name leading dash", "POST", SVC, svc("name", "\"-web\""))
            .expect(422, value)
            .at("name", "pattern"));
    t.add(
        json("name underscore", "POST", SVC, svc("name", "\"web_1\""))
            .expect(422, value)
            .at("name", "pattern"));
    t.add(
        json("name double dot", "POST", SVC, svc("name", "\"a..b\""))
            .expect(422, value)
            .at("name", "pattern"));
    t.add(
        json("name traversal", "POST", SVC, svc("name", "\"../../etc/passwd\""))
            .expect(422, value)
            .at("name", "pattern"));
    t.add(
        json("name empty", "POST", SVC, svc("name", "\"\""))
            .expect(422, value)
            .at("name", "pattern"));
    t.add(
        json("name too long", "POST", SVC, svc("name", "\"" + "a".repeat(254) + "\""))
            .expect(422, value)
            .at("name", "max-length"));
    t.add(
        json(
                "name differs from path",
                "PUT",
                WEB,
                "{\"name\":\"other\",\"vip\":\"198.18.0.10\",\"port\":80}")
            .expect(422, value)
            .at("name", "matches-path"));

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
