package io.fulcrum.api.http;

import static io.fulcrum.api.http.BadInputTable.HC;
import static io.fulcrum.api.http.BadInputTable.SVC;
import static io.fulcrum.api.http.BadInputTable.WEB;
import static io.fulcrum.api.http.BadInputTable.svc;
import static io.fulcrum.api.http.BadInputTable.svcBackend;
import static io.fulcrum.api.http.BadRequest.json;

import java.util.List;

/** Bad-input rows about values: ranges, enums, addresses, names. */
final class BodyValueRows {
  private BodyValueRows() {}

  static void add(List<BadRequest> t) {
    String invalid = "invalid-request";
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
  }
}
