package io.fulcrum.api.http;

import static io.fulcrum.api.http.BadInputTable.HC;
import static io.fulcrum.api.http.BadInputTable.SVC;
import static io.fulcrum.api.http.BadInputTable.WEB;
import static io.fulcrum.api.http.BadInputTable.svc;
import static io.fulcrum.api.http.BadInputTable.svcBackend;
import static io.fulcrum.api.http.BadRequest.json;
import static io.fulcrum.api.http.BadRequest.of;

import java.util.List;

/**
 * Bad-input rows about the shape of a body: malformed JSON, unknown fields, wrong types, missing
 * values.
 */
final class BodySyntaxRows {
  private BodySyntaxRows() {}

  static void add(List<BadRequest> t) {
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
  }
}
