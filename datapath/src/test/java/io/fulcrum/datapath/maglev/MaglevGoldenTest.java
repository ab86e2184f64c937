package io.fulcrum.datapath.maglev;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * Tables are part of the data plane's state (a restarted agent continues from the pinned base
 * table, and nodes of a cluster must agree): a faster build must give exactly the same tables. The
 * checksums were taken from the implementation before the division-free stepping and primitive
 * sorts.
 */
class MaglevGoldenTest {
  // per shape: base, table; base and table after a change from that base; base, table at 65537
  private static final long[][] GOLDEN = {
    {
      4740421458835L,
      4740421458835L,
      4739953426836L,
      4739953426836L,
      281481066232631L,
      281481066232631L
    },
    {
      4738620718184L,
      4738620718184L,
      4739713115710L,
      4739713115710L,
      281480564184927L,
      281480564184927L
    },
    {
      4738946164526L,
      4740156128779L,
      4737841727605L,
      4739811496093L,
      281482361500263L,
      281483076882697L
    },
    {
      16336636908608L,
      16337816776252L,
      16335212766407L,
      16334837741797L,
      281482382007624L,
      281479493169112L
    },
    {
      43393570091497L,
      43393570091497L,
      43395106980071L,
      43395106980071L,
      281481057297989L,
      281481057297989L
    },
    {
      1723406739789L,
      1724626874673L,
      1724686703637L,
      1725478118790L,
      281481692830992L,
      281479435393129L
    },
    {
      107852888750854L,
      107852519274573L,
      107850975340661L,
      107852908870951L,
      281483518281235L,
      281480949237195L
    },
  };

  // backends, seed, weighted, every how many one is out of rotation (0: none)
  private static final int[][] SHAPES = {
    {10, 0, 0, 0},
    {10, 1, 1, 0},
    {10, 2, 0, 3},
    {37, 3, 1, 4},
    {100, 4, 0, 0},
    {3, 5, 1, 2},
    {250, 6, 1, 5}
  };

  @Test
  void tablesAreExactlyThoseOfTheReferenceImplementation() {
    for (int k = 0; k < SHAPES.length; k++) {
      int[] s = SHAPES[k];
      List<Maglev.Entry> es = set(s[0], s[1], s[2] == 1, s[3]);
      int size = Maglev.tableSize(0, s[0]);
      Maglev.Tables t1 = Maglev.build(es, size, null);
      List<Maglev.Entry> es2 = new ArrayList<>(es.subList(1, es.size()));
      es2.add(new Maglev.Entry("198.18.77.1:80", 5000, 100, true));
      es2.add(new Maglev.Entry("198.18.77.2:80", 5001, 50, s[3] == 0));
      Maglev.Entry e = es2.get(0);
      es2.set(0, new Maglev.Entry(e.key(), e.id(), e.weight() + 3, e.serving()));
      Maglev.Tables t2 = Maglev.build(es2, size, t1.base());
      Maglev.Tables t3 = Maglev.build(es, 65537, null);
      long[] got = {
        crc(t1.base()),
        crc(t1.table()),
        crc(t2.base()),
        crc(t2.table()),
        crc(t3.base()),
        crc(t3.table())
      };
      assertThat(got).as("shape %d", k).containsExactly(GOLDEN[k]);
    }
  }

  @Test
  void largeBackendIdsNeedNoTableOfThatSize() {
    List<Maglev.Entry> es = new ArrayList<>();
    for (int j = 0; j < 10; j++) {
      es.add(new Maglev.Entry("198.19.0." + j + ":80", 4_000_000 + j * 1000, 100));
    }
    int[] t = Maglev.build(es, 1103);
    assertThat(t).hasSize(1103);
    assertThat(java.util.Arrays.stream(t).min().orElse(-1)).isGreaterThanOrEqualTo(4_000_000);
  }

  private static long crc(int[] t) {
    CRC32 c = new CRC32();
    for (int v : t) {
      c.update(v);
      c.update(v >>> 8);
      c.update(v >>> 16);
      c.update(v >>> 24);
    }
    return c.getValue() ^ ((long) t.length << 32);
  }

  private static List<Maglev.Entry> set(int n, int seed, boolean weighted, int downEvery) {
    List<Maglev.Entry> es = new ArrayList<>();
    for (int j = 0; j < n; j++) {
      int w = weighted ? 1 + (j * 7 + seed) % 9 : 100;
      if (weighted && j % 11 == 3) {
        w = 0;
      }
      boolean serving = downEvery == 0 || j % downEvery != 1;
      es.add(new Maglev.Entry("198.19." + seed + "." + j + ":80" + (j % 3), 1000 + j, w, serving));
    }
    return es;
  }
}
