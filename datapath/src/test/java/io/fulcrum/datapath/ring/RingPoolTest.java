package io.fulcrum.datapath.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RingPoolTest {
  @Test
  void slicesAreContiguousAndDisjoint() {
    RingPool p = new RingPool(1000);
    RingPool.Slice a = p.allocate(251);
    RingPool.Slice b = p.allocate(307);
    assertThat(a.end()).isLessThanOrEqualTo(b.offset());
    assertThat(p.used()).isEqualTo(558);
  }

  @Test
  void fullPoolIsAClearError() {
    RingPool p = new RingPool(500);
    p.allocate(251);
    assertThatThrownBy(() -> p.allocate(251))
        .isInstanceOf(RingPool.PoolFullException.class)
        .hasMessageContaining("need 251");
  }

  @Test
  void freedNeighboursCoalesce() {
    RingPool p = new RingPool(900);
    RingPool.Slice a = p.allocate(300);
    RingPool.Slice b = p.allocate(300);
    RingPool.Slice c = p.allocate(300);
    p.free(a);
    p.free(c);
    assertThat(p.largestFree()).isEqualTo(300);
    p.free(b);
    assertThat(p.largestFree()).isEqualTo(900);
    assertThat(p.used()).isZero();
  }

  @Test
  void doubleFreeIsRefused() {
    RingPool p = new RingPool(900);
    RingPool.Slice a = p.allocate(300);
    p.free(a);
    assertThatThrownBy(() -> p.free(a)).hasMessageContaining("double free");
  }

  @Test
  void swapWritesTheNewSliceThenSwitchesThenFreesTheOld() {
    RingPool p = new RingPool(1000);
    RingPool.Slice old = p.allocate(251);
    List<String> events = new ArrayList<>();
    RingPool.Slice fresh =
        p.swap(
            old,
            307,
            s -> {
              events.add("write " + s);
              assertThat(p.used()).isEqualTo(251 + 307); // old still held while writing
            },
            s -> events.add("switch " + s));
    assertThat(events).containsExactly("write " + fresh, "switch " + fresh);
    assertThat(fresh.offset()).isNotEqualTo(old.offset());
    assertThat(p.used()).isEqualTo(307);
  }

  @Test
  void failedSwapKeepsTheOldSliceAndReleasesTheNewOne() {
    RingPool p = new RingPool(1000);
    RingPool.Slice old = p.allocate(251);
    assertThatThrownBy(
            () ->
                p.swap(
                    old,
                    307,
                    s -> {},
                    s -> {
                      throw new IllegalStateException("map update failed");
                    }))
        .hasMessage("map update failed");
    assertThat(p.used()).isEqualTo(251);
  }

  @Test
  void reserveAdoptsSlicesOfARunningDataPlane() {
    RingPool p = new RingPool(1000);
    p.reserve(new RingPool.Slice(100, 251));
    p.reserve(new RingPool.Slice(600, 251));
    assertThat(p.used()).isEqualTo(502);
    // free runs: [0,100) [351,600) [851,1000): only the middle one holds 200
    assertThat(p.allocate(200).offset()).isEqualTo(351);
    assertThatThrownBy(() -> p.reserve(new RingPool.Slice(150, 10)))
        .hasMessageContaining("overlaps");
  }

  @Test
  void freedSliceRestsForTheGracePeriodBeforeReuse() {
    long[] now = {0};
    RingPool p = new RingPool(600, () -> now[0], 10_000_000L);
    RingPool.Slice a = p.allocate(251);
    p.free(a);
    assertThat(p.allocate(251).offset()).as("not the resting slice").isEqualTo(251);
    now[0] += 10_000_000L;
    assertThat(p.allocate(251).offset()).as("rested: reusable").isZero();
  }

  @Test
  void restingSlicesAreReusedEarlyWhenNothingElseFits() {
    long[] now = {0};
    RingPool p = new RingPool(300, () -> now[0], 10_000_000L);
    p.free(p.allocate(251));
    assertThat(p.allocate(251).offset()).isZero();
  }
}
