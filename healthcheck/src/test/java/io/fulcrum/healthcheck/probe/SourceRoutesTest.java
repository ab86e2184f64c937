package io.fulcrum.healthcheck.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SourceRoutesTest {
  private long now;
  private final List<InetAddress> asked = new ArrayList<>();
  private InetAddress answer;

  private SourceRoutes routes() {
    return new SourceRoutes(
        () -> now,
        1_000,
        d -> {
          asked.add(d);
          if (answer == null) {
            throw new IOException("Network is unreachable");
          }
          return answer;
        });
  }

  @Test
  void asksTheKernelOncePerDestinationUntilTheEntryExpires() throws Exception {
    SourceRoutes r = routes();
    InetAddress dst = InetAddress.getByName("198.18.100.2");
    answer = InetAddress.getByName("198.18.100.1");
    assertThat(r.source(dst)).containsExactly(answer.getAddress());
    now += 999;
    assertThat(r.source(dst)).containsExactly(answer.getAddress());
    assertThat(asked).hasSize(1);
    now += 1;
    answer = InetAddress.getByName("198.18.100.5");
    assertThat(r.source(dst)).as("expired: asked again").containsExactly(answer.getAddress());
    assertThat(asked).hasSize(2);
  }

  @Test
  void aFailedProbeMakesTheNextOneAskAgain() throws Exception {
    SourceRoutes r = routes();
    InetAddress dst = InetAddress.getByName("198.18.100.2");
    answer = InetAddress.getByName("198.18.100.1");
    r.source(dst);
    r.forget(dst);
    answer = InetAddress.getByName("198.18.100.7");
    assertThat(r.source(dst)).containsExactly(answer.getAddress());
    assertThat(asked).hasSize(2);
  }

  @Test
  void anUnroutableDestinationFailsAndIsNotCached() throws Exception {
    SourceRoutes r = routes();
    InetAddress dst = InetAddress.getByName("198.18.100.2");
    assertThatThrownBy(() -> r.source(dst)).hasMessageContaining("unreachable");
    assertThat(r.size()).isZero();
  }

  @Test
  void theCacheIsBounded() throws Exception {
    SourceRoutes r = routes();
    answer = InetAddress.getByName("198.18.0.1");
    for (int i = 0; i <= SourceRoutes.MAX_ENTRIES; i++) {
      r.source(
          InetAddress.getByAddress(
              new byte[] {(byte) 198, (byte) (18 + (i >> 16)), (byte) (i >> 8), (byte) i}));
    }
    assertThat(r.size()).isLessThanOrEqualTo(SourceRoutes.MAX_ENTRIES);
  }

  @Test
  void theKernelLookupNamesTheLoopbackSourceForLoopback() throws Exception {
    assertThat(SourceRoutes.kernelLookup(InetAddress.getByName("127.0.0.1")).isLoopbackAddress())
        .isTrue();
  }
}
