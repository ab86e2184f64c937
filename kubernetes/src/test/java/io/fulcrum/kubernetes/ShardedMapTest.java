package io.fulcrum.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ShardedMapTest {

  @Test
  void snapshotsStayAsTheyWereWhileTheBuilderChanges() {
    ShardedMap.Builder<Integer, String> b = new ShardedMap.Builder<>();
    Map<Integer, String> model = new HashMap<>();
    Random r = new Random(7);
    Map<Integer, String> lastModel = Map.of();
    ShardedMap<Integer, String> last = b.snapshot();
    for (int round = 0; round < 200; round++) {
      for (int i = 0; i < 50; i++) {
        int k = r.nextInt(2000);
        if (r.nextInt(4) == 0) {
          assertThat(b.remove(k)).isEqualTo(model.remove(k));
        } else {
          assertThat(b.put(k, "v" + round)).isEqualTo(model.put(k, "v" + round));
        }
      }
      assertThat(last).isEqualTo(lastModel).hasSize(lastModel.size());
      last = b.snapshot();
      lastModel = Map.copyOf(model);
      assertThat(last).isEqualTo(model);
      assertThat(last.size()).isEqualTo(model.size());
      for (int k = 0; k < 2000; k += 97) {
        assertThat(last.containsKey(k)).isEqualTo(model.containsKey(k));
        assertThat(b.containsKey(k)).isEqualTo(model.containsKey(k));
        assertThat(b.get(k)).isEqualTo(model.get(k));
      }
    }
  }

  @Test
  void emptySnapshotIsEmpty() {
    assertThat(new ShardedMap.Builder<String, String>().snapshot()).isEmpty();
  }
}
