package io.fulcrum.datapath;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdAllocatorTest {
  @Test
  void handsOutTheLowestFreeIdAndReusesFreedOnes() {
    IdAllocator a = new IdAllocator(3);
    assertThat(a.allocate()).isZero();
    assertThat(a.allocate()).isEqualTo(1);
    a.free(0);
    assertThat(a.allocate()).isZero();
    assertThat(a.allocate()).isEqualTo(2);
    assertThat(a.allocate()).isEqualTo(-1);
    assertThat(a.free()).isZero();
  }

  @Test
  void reservedIdsAreSkipped() {
    IdAllocator a = new IdAllocator(10);
    a.reserve(0);
    a.reserve(2);
    assertThat(a.allocate()).isEqualTo(1);
    assertThat(a.allocate()).isEqualTo(3);
    assertThat(a.used()).isEqualTo(4);
  }
}
