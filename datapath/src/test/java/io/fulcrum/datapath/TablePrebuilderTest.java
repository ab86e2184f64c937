package io.fulcrum.datapath;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.datapath.maglev.Maglev;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TablePrebuilderTest {
  private static ServiceSpec spec(int n, int seed) throws Exception {
    List<Backend> bs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      BackendState st = i % 4 == 1 && seed % 2 == 1 ? BackendState.DOWN : BackendState.UP;
      bs.add(
          new Backend(
              InetAddress.getByName("198.19." + seed + "." + (250 - i)),
              8000 + i % 2,
              i % 5 == 2 ? 0 : 1 + (i * 3 + seed) % 7,
              st));
    }
    ServiceKey key = new ServiceKey(InetAddress.getByName("198.18.0." + seed), 80, Protocol.TCP);
    return new ServiceSpec(key, NatMode.DNAT, 0, Duration.ZERO, true, bs);
  }

  @Test
  void aTableBuiltWithPositionsAndRelabelledIsTheTableBuiltWithTheIds() throws Exception {
    for (int seed = 0; seed < 8; seed++) {
      ServiceSpec s = spec(3 + seed * 5, seed);
      int[] ids = new int[s.backends().size()];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = 90_000 - i * 37 + seed; // descending ids: their order differs from the positions'
      }
      int size = Maglev.tableSize(0, TablePrebuilder.members(s), 0);
      Maglev.Tables direct = Maglev.build(TablePrebuilder.entries(s, ids), size, null);
      Maglev.Tables relabelled = TablePrebuilder.relabel(TablePrebuilder.build(s), ids);
      assertThat(relabelled.base()).as("seed %d", seed).isEqualTo(direct.base());
      assertThat(relabelled.table()).as("seed %d", seed).isEqualTo(direct.table());
    }
  }

  @Test
  void preparedTablesAreHandedOutOnceAndNeverAwaited() throws Exception {
    try (TablePrebuilder p = new TablePrebuilder()) {
      List<ServiceSpec> specs = new ArrayList<>();
      for (int i = 0; i < TablePrebuilder.MIN_BATCH + 10; i++) {
        specs.add(spec(10, i % 200));
      }
      p.start(specs);
      int got = 0;
      for (ServiceSpec s : specs) {
        Maglev.Tables t = p.take(s);
        if (t != null) {
          got++;
          assertThat(t.table()).hasSize(Maglev.tableSize(0, TablePrebuilder.members(s), 0));
        }
        assertThat(p.take(s)).isNull();
      }
      assertThat(got).isBetween(0, specs.size());
      p.cancel();
      assertThat(p.take(specs.get(0))).isNull();
    }
  }

  @Test
  void fewServicesAreNotPrepared() throws Exception {
    try (TablePrebuilder p = new TablePrebuilder()) {
      ServiceSpec s = spec(10, 1);
      p.start(List.of(s));
      assertThat(p.take(s)).isNull();
    }
  }
}
