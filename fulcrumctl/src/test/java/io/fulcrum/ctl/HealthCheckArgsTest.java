package io.fulcrum.ctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class HealthCheckArgsTest {
  @Test
  void durationsTakeUnitsAndDefaultToMilliseconds() {
    assertThat(HealthCheckArgs.millis("interval", "250")).isEqualTo(250);
    assertThat(HealthCheckArgs.millis("interval", "250ms")).isEqualTo(250);
    assertThat(HealthCheckArgs.millis("interval", "3s")).isEqualTo(3000);
    assertThat(HealthCheckArgs.millis("interval", "2m")).isEqualTo(120_000);
  }

  @Test
  void statusRangeSetsBothBounds() {
    var p = HealthCheckArgs.parse(List.of("status=204"));
    assertThat(p.get("statusMin").asInt()).isEqualTo(204);
    assertThat(p.get("statusMax").asInt()).isEqualTo(204);
  }

  @Test
  void valuesKeepTheirJsonTypes() {
    var p = HealthCheckArgs.parse(List.of("rise=3", "path=/x=y", "type=TCP"));
    assertThat(p.get("rise").isIntegralNumber()).isTrue();
    assertThat(p.get("path").asText()).isEqualTo("/x=y");
    assertThat(p.get("type").asText()).isEqualTo("tcp");
  }

  @Test
  void badWordsAreRefusedWithTheKeyNamed() {
    assertThatThrownBy(() -> HealthCheckArgs.parse(List.of("rise")))
        .hasMessageContaining("key=value");
    assertThatThrownBy(() -> HealthCheckArgs.parse(List.of("rise=two")))
        .hasMessageContaining("rise must be an integer");
    assertThatThrownBy(() -> HealthCheckArgs.parse(List.of("interval=1h")))
        .hasMessageContaining("interval must be a duration");
    assertThatThrownBy(() -> HealthCheckArgs.parse(List.of("status=ok")))
        .hasMessageContaining("status");
    assertThatThrownBy(() -> HealthCheckArgs.parse(List.of())).hasMessageContaining("at least one");
  }

  @Test
  void tableAlignsColumns() {
    String t = new Table("A", "LONGER").row("xyz", 1).row(null, "v").render();
    assertThat(t).isEqualTo("A    LONGER\nxyz  1\n-    v\n");
  }
}
