package io.fulcrum.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.api.port.AdminState;
import io.fulcrum.api.port.RuntimeState;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the agent relies on: a change made over HTTP reaches the store's subscribers (the probe
 * engine, the reconciler) before the client gets its answer, so it applies from the next probe.
 */
class ChangeNotificationTest {
  final ApiFixture api = new ApiFixture();
  final List<RuntimeState> seen = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    api.close();
  }

  @Test
  void subscribersSeeEveryAcceptedChangeBeforeTheAnswer() {
    try (var sub = api.store.subscribe(seen::add)) {
      assertThat(sub).isNotNull();
      api.json("POST", "/api/v1/services", ApiEndpointsTest.WEB);
      assertThat(seen).hasSize(1);
      assertThat(
              api.json("PATCH", "/api/v1/services/web/healthcheck", "{\"intervalMillis\":4000}")
                  .statusCode())
          .isEqualTo(200);
      assertThat(seen).hasSize(2);
      assertThat(seen.get(1).healthCheck("web").intervalMillis()).isEqualTo(4000);
      assertThat(api.post("/api/v1/services/web/backends/198.18.1.2:8080/drain").statusCode())
          .isEqualTo(200);
      assertThat(seen.get(2).adminState("web", "198.18.1.2:8080")).isEqualTo(AdminState.DRAINING);
      // refused changes are not announced
      assertThat(api.json("PATCH", "/api/v1/services/web/healthcheck", "{\"rise\":0}").statusCode())
          .isEqualTo(422);
      assertThat(seen).hasSize(3);
    }
    api.json("PATCH", "/api/v1/services/web/healthcheck", "{\"rise\":3}");
    assertThat(seen).hasSize(3);
  }

  @Test
  void aFailingSubscriberDoesNotTurnAnAppliedChangeIntoAnError() {
    try (var sub =
        api.store.subscribe(
            s -> {
              throw new IllegalStateException("subscriber bug");
            })) {
      assertThat(sub).isNotNull();
      assertThat(api.json("POST", "/api/v1/services", ApiEndpointsTest.WEB).statusCode())
          .isEqualTo(201);
      assertThat(api.store.current().services()).containsKey("web");
    }
  }
}
