package io.fulcrum.election.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelLeaseKeeperTest {

  @Test
  void onlyUnexpiredNonZeroLeasesAreValid() {
    assertThat(KernelLeaseKeeper.decide(Map.of("a", 100L, "b", 50L, "c", 0L), 50))
        .containsExactly("a");
  }

  @Test
  void addressFollowsTheLeaseWrittenByTheAdapter(@TempDir Path dir) {
    AtomicLong now = new AtomicLong(1_000);
    List<List<String>> cmds = new ArrayList<>();
    KernelAddressVipAdapter adapter = new KernelAddressVipAdapter(dir);
    KernelLeaseKeeper keeper = new KernelLeaseKeeper(dir, "eth9", now::get, cmds::add);
    adapter.grant("198.18.0.100", 2_000);
    adapter.grant("2001:db8::100", 2_000);
    assertThat(keeper.poll()).containsExactlyInAnyOrder("198.18.0.100", "2001:db8:0:0:0:0:0:100");
    assertThat(cmds)
        .contains(List.of("ip", "addr", "replace", "198.18.0.100/32", "dev", "eth9", "nodad"));
    cmds.clear();
    now.set(2_000); // expired: the data plane falls silent by itself
    assertThat(keeper.poll()).isEmpty();
    assertThat(cmds).contains(List.of("ip", "addr", "del", "198.18.0.100/32", "dev", "eth9"));
    adapter.grant("198.18.0.100", 5_000);
    assertThat(keeper.poll()).containsExactly("198.18.0.100");
    adapter.revoke("198.18.0.100");
    assertThat(keeper.poll()).isEmpty();
  }
}
