package io.fulcrum.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fulcrum.api.memory.InMemoryRuntimeSettingsStore;
import io.fulcrum.api.port.RuntimeState;
import io.fulcrum.api.port.Source;
import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sends every row of {@link BadInputTable} to a real server and checks the status, the problem
 * document (content type, type, status, the field and rule named) and that nothing changed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTableTest {
  ApiFixture api;
  RuntimeState before;
  String servicesBefore;

  @BeforeAll
  void start() {
    api =
        new ApiFixture(
            new InMemoryRuntimeSettingsStore(), c -> c.withMaxBodyBytes(BadInputTable.MAX_BODY));
    assertThat(api.json("POST", "/api/v1/services", ApiEndpointsTest.WEB).statusCode())
        .isEqualTo(201);
    assertThat(
            api.json(
                    "PUT",
                    BadInputTable.HC,
                    "{\"type\":\"http\",\"intervalMillis\":1000,\"timeoutMillis\":500,"
                        + "\"rise\":2,\"fall\":3,\"path\":\"/ok\"}")
                .statusCode())
        .isEqualTo(200);
    assertThat(api.post(BadInputTable.B1 + "/drain").statusCode()).isEqualTo(200);
    api.catalog.replaceSource(Source.FILE, List.of(ApiEndpointsTest.fileService()));
    before = api.store.current();
    servicesBefore = api.get("/api/v1/services").body();
  }

  @AfterAll
  void stop() {
    api.close();
  }

  Stream<BadRequest> rows() {
    return BadInputTable.rows().stream();
  }

  @Test
  void tableHasAtLeastOneHundredRows() {
    assertThat(BadInputTable.rows()).hasSizeGreaterThanOrEqualTo(100);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void badRequestIsRefusedWithItsProblemAndChangesNothing(BadRequest row) throws IOException {
    RawHttp.Response r =
        RawHttp.send(api.server.port(), row.method, row.path, row.headers, row.body);
    assertThat(r.status()).as("status of %s: %s", row, r.body()).isEqualTo(row.status);
    assertThat(r.header("content-type"))
        .as("content type of %s", row)
        .startsWith(Problem.CONTENT_TYPE);
    JsonNode p = ApiFixture.JSON.readTree(r.body());
    assertThat(p.get("status").asInt()).isEqualTo(row.status);
    assertThat(p.get("type").asText())
        .as("type of %s: %s", row, r.body())
        .isEqualTo("urn:fulcrum:problem:" + row.type);
    assertThat(p.get("title").asText()).isNotBlank();
    if (row.status == 401) {
      assertThat(p.has("detail")).as("401 gives no detail").isFalse();
      assertThat(r.body()).doesNotContain(ApiFixture.TOKEN);
    } else {
      assertThat(p.get("detail").asText()).isNotBlank();
    }
    if (row.field != null) {
      assertThat(p.get("field").asText()).as("field of %s: %s", row, r.body()).isEqualTo(row.field);
      assertThat(p.get("rule").asText()).as("rule of %s: %s", row, r.body()).isEqualTo(row.rule);
      assertThat(p.get("errors").get(0).get("message").asText()).isNotBlank();
    }
    if (row.status == 405) {
      assertThat(r.header("allow")).as("Allow header of %s", row).isNotBlank();
    }
    assertThat(api.store.current()).as("runtime state after %s", row).isEqualTo(before);
  }

  @Test
  void stateSeenOverHttpIsUnchangedAfterTheTable() {
    for (BadRequest row : BadInputTable.rows()) {
      RawHttp.send(api.server.port(), row.method, row.path, row.headers, row.body);
    }
    assertThat(api.get("/api/v1/services").body()).isEqualTo(servicesBefore);
    assertThat(api.store.current()).isEqualTo(before);
  }
}
