package io.fulcrum.healthcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StatusRangesTest {

  @Test
  void parsesCodesRangesAndClasses() {
    StatusRanges r = StatusRanges.parse(" 200-204, 301 ,4xx");
    assertThat(r.contains(200)).isTrue();
    assertThat(r.contains(204)).isTrue();
    assertThat(r.contains(205)).isFalse();
    assertThat(r.contains(301)).isTrue();
    assertThat(r.contains(302)).isFalse();
    assertThat(r.contains(404)).isTrue();
    assertThat(r.contains(499)).isTrue();
    assertThat(r.contains(503)).isFalse();
    assertThat(r).hasToString("200-204,301,400-499");
  }

  @Test
  void defaultAcceptsSuccessAndRedirects() {
    StatusRanges r = CheckSettings.builder().type(CheckType.HTTP).build().expectStatus();
    assertThat(r.contains(200)).isTrue();
    assertThat(r.contains(399)).isTrue();
    assertThat(r.contains(503)).isFalse();
  }

  @Test
  void refusesBadElementsNamingThem() {
    assertThatThrownBy(() -> StatusRanges.parse("200-x"))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining("'200-x'");
    assertThatThrownBy(() -> StatusRanges.parse("300-200")).hasMessageContaining("low end");
    assertThatThrownBy(() -> StatusRanges.parse("200,,300")).hasMessageContaining("empty");
    assertThatThrownBy(() -> StatusRanges.parse("600")).hasMessageContaining("100-599");
    assertThatThrownBy(() -> StatusRanges.parse("6xx")).hasMessageContaining("1xx-5xx");
    assertThatThrownBy(() -> StatusRanges.parse("2000")).hasMessageContaining("three digits");
    assertThatThrownBy(() -> StatusRanges.parse("")).hasMessageContaining("empty");
  }
}
