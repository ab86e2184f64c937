package io.fulcrum.agent.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.datapath.MapUsage;
import java.util.List;
import org.junit.jupiter.api.Test;

class MapFillWatchTest {
  final MapFillWatch watch = new MapFillWatch();

  @Test
  void fillingMapIsReportedOnceAndAgainWhenItEmpties() {
    assertThat(watch.check(List.of(new MapUsage("fl_backends", 50, 100)))).isEmpty();
    assertThat(watch.check(List.of(new MapUsage("fl_backends", 95, 100))))
        .containsExactly("map nearly full: fl_backends 95 of 100 entries (95%)");
    assertThat(watch.check(List.of(new MapUsage("fl_backends", 100, 100)))).isEmpty();
    assertThat(watch.check(List.of(new MapUsage("fl_backends", 10, 100))))
        .containsExactly("map fl_backends back to 10 of 100 entries");
  }

  @Test
  void fullMapSaysMapFull() {
    assertThat(watch.check(List.of(new MapUsage("fl_services", 64, 64))))
        .containsExactly("map full: fl_services 64 of 64 entries (100%)");
  }

  @Test
  void lruMapsAreFullByDesignAndIgnored() {
    assertThat(watch.check(List.of(new MapUsage("fl_flows", 100, 100)))).isEmpty();
  }
}
