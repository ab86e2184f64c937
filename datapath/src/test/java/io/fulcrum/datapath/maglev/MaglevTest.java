package io.fulcrum.datapath.maglev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MaglevTest {
  static List<Maglev.Entry> backends(int n) {
    List<Maglev.Entry> l = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      l.add(new Maglev.Entry("198.18.2." + i + ":8080", i, 1));
    }
    return l;
  }

  static int[] counts(int[] table, int ids) {
    int[] c = new int[ids];
    for (int id : table) {
      c[id]++;
    }
    return c;
  }

  @Test
  void sizeIsTheSmallestPrimeOfAHundredSlotsPerBackendAndOneMoreAtLeast251() {
    // one member more than given: adding one keeps the size
    assertThat(Maglev.tableSize(0, 1)).isEqualTo(251);
    assertThat(Maglev.tableSize(0, 3)).isEqualTo(401);
    assertThat(Maglev.tableSize(0, 10)).isEqualTo(1103);
    assertThat(Maglev.tableSize(65537, 10)).isEqualTo(65537);
    assertThatThrownBy(() -> Maglev.tableSize(1000, 3)).hasMessageContaining("prime");
  }

  @Test
  void equalWeightsSpreadEvenly() {
    int n = 10;
    int m = Maglev.tableSize(0, n);
    int[] c = counts(Maglev.build(backends(n), m), n);
    for (int x : c) {
      assertThat(x).isBetween(m / n - 2, m / n + 2);
    }
  }

  @Test
  void slotsFollowWeights() {
    List<Maglev.Entry> l =
        List.of(
            new Maglev.Entry("a", 0, 1), new Maglev.Entry("b", 1, 2), new Maglev.Entry("c", 2, 5));
    int m = 8009;
    int[] c = counts(Maglev.build(l, m), 3);
    assertThat(c[0] / (double) m).isCloseTo(1 / 8.0, org.assertj.core.data.Offset.offset(0.005));
    assertThat(c[1] / (double) m).isCloseTo(2 / 8.0, org.assertj.core.data.Offset.offset(0.005));
    assertThat(c[2] / (double) m).isCloseTo(5 / 8.0, org.assertj.core.data.Offset.offset(0.005));
  }

  @Test
  void zeroWeightTakesNoSlot() {
    List<Maglev.Entry> l = new ArrayList<>(backends(3));
    l.set(1, new Maglev.Entry(l.get(1).key(), 1, 0));
    int[] c = counts(Maglev.build(l, 251), 3);
    assertThat(c[1]).isZero();
    assertThat(c[0] + c[2]).isEqualTo(251);
    assertThat(Maglev.build(List.of(new Maglev.Entry("x", 0, 0)), 251)).isEmpty();
  }

  /** Share of the other backends' slots that changed owner between two tables. */
  static double movedOfOthers(int[] before, int[] after, int removed) {
    int others = 0;
    int moved = 0;
    for (int s = 0; s < before.length; s++) {
      if (before[s] != removed) {
        others++;
        if (after[s] != before[s]) {
          moved++;
        }
      }
    }
    return moved / (double) others;
  }

  @Test
  void takingOneBackendOfManyOutOfRotationMovesUnderOnePercentOfTheOthersSlots() {
    for (int n : new int[] {3, 5, 10, 50, 200}) {
      List<Maglev.Entry> all = backends(n);
      int m = Maglev.tableSize(0, n);
      int[] before = Maglev.build(all, m);
      int removed = n / 2;
      List<Maglev.Entry> rest = new ArrayList<>(all);
      Maglev.Entry r = rest.get(removed);
      rest.set(removed, new Maglev.Entry(r.key(), r.id(), r.weight(), false));
      int[] after = Maglev.build(rest, m);
      assertThat(counts(after, n)[removed]).isZero();
      assertThat(movedOfOthers(before, after, removed)).as("n=%d", n).isLessThan(0.01);
      // its slots spread over the others: none takes much more than its fair share
      int[] c = counts(after, n);
      for (int i = 0; i < n; i++) {
        if (i != removed) {
          assertThat(c[i]).isLessThan((int) (1.3 * m / (n - 1)) + 3);
        }
      }
      // back UP: the base table returns exactly
      assertThat(Maglev.build(all, m)).isEqualTo(before);
    }
  }

  /** N backends with mixed weights 1..5 (fixed seed). */
  static List<Maglev.Entry> weighted(int n) {
    Random r = new Random(n);
    List<Maglev.Entry> l = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      l.add(
          new Maglev.Entry("198.18." + (i / 250) + "." + (i % 250) + ":8080", i, 1 + r.nextInt(5)));
    }
    return l;
  }

  @Test
  void removingOneBackendOfManyMovesUnderOnePercentOfTheOthersSlots() {
    for (int n : new int[] {3, 10, 100, 1000}) {
      List<Maglev.Entry> all = weighted(n);
      int m = Maglev.tableSize(0, n);
      Maglev.Tables before = Maglev.build(all, m, null);
      for (int removed : new int[] {0, n / 2, n - 1}) {
        List<Maglev.Entry> rest = new ArrayList<>(all);
        rest.remove(removed);
        int m2 = Maglev.tableSize(0, n - 1, m);
        assertThat(m2).as("n=%d: the size stays", n).isEqualTo(m);
        Maglev.Tables after = Maglev.build(rest, m2, before.base());
        double moved = movedOfOthers(before.table(), after.table(), removed);
        assertThat(moved).as("n=%d, removed %d", n, removed).isLessThan(0.01);
        assertWeightsExact(after.base(), rest, m);
      }
    }
  }

  @Test
  void removingABackendThatWasAlreadyDownOrDrainingChangesNothing() {
    for (int n : new int[] {3, 10, 100}) {
      List<Maglev.Entry> all = weighted(n);
      int m = Maglev.tableSize(0, n);
      Maglev.Tables up = Maglev.build(all, m, null);
      List<Maglev.Entry> down = new ArrayList<>(all);
      Maglev.Entry x = down.get(n / 2);
      down.set(n / 2, new Maglev.Entry(x.key(), x.id(), x.weight(), false));
      Maglev.Tables out = Maglev.build(down, m, up.base());
      assertThat(out.base()).isEqualTo(up.base());
      assertThat(movedOfOthers(up.table(), out.table(), x.id())).isZero();
      List<Maglev.Entry> rest = new ArrayList<>(all);
      rest.remove(n / 2);
      Maglev.Tables removed = Maglev.build(rest, Maglev.tableSize(0, n - 1, m), out.base());
      assertThat(removed.table()).as("n=%d", n).isEqualTo(out.table());
      assertWeightsExact(removed.table(), rest, m);
    }
  }

  @Test
  void addingOneBackendMovesOnlyTheSlotsItTakes() {
    for (int n : new int[] {3, 10, 100, 1000}) {
      List<Maglev.Entry> all = weighted(n + 1);
      List<Maglev.Entry> fewer = new ArrayList<>(all.subList(0, n));
      int m = Maglev.tableSize(0, n);
      Maglev.Tables before = Maglev.build(fewer, m, null);
      int m2 = Maglev.tableSize(0, n + 1, m);
      assertThat(m2).as("n=%d: room for one more", n).isEqualTo(m);
      Maglev.Tables after = Maglev.build(all, m2, before.base());
      int moved = 0;
      for (int s = 0; s < m; s++) {
        if (after.table()[s] != before.table()[s] && after.table()[s] != n) {
          moved++;
        }
      }
      assertThat(moved)
          .as("n=%d: slots moved between old backends", n)
          .isLessThanOrEqualTo(n / 100 + 2);
      assertWeightsExact(after.table(), all, m);
    }
  }

  @Test
  void changingAWeightMovesOnlyWhatTheNewSharesRequire() {
    List<Maglev.Entry> all = weighted(50);
    int m = Maglev.tableSize(0, 50);
    Maglev.Tables before = Maglev.build(all, m, null);
    List<Maglev.Entry> changed = new ArrayList<>(all);
    Maglev.Entry x = changed.get(7);
    changed.set(7, new Maglev.Entry(x.key(), x.id(), x.weight() + 5));
    Maglev.Tables after = Maglev.build(changed, m, before.base());
    int moved = 0;
    for (int s = 0; s < m; s++) {
      if (after.table()[s] != before.table()[s]) {
        moved++;
      }
    }
    long total = all.stream().mapToLong(Maglev.Entry::weight).sum();
    double gained = (double) m * (x.weight() + 5) / (total + 5) - (double) m * x.weight() / total;
    assertThat(moved).isLessThanOrEqualTo((int) Math.ceil(gained) + 2);
    assertWeightsExact(after.table(), changed, m);
  }

  @Test
  void tablesAreAFunctionOfThePreviousBaseAndTheSetWhateverTheOrder() {
    List<Maglev.Entry> all = weighted(30);
    int m = Maglev.tableSize(0, 30);
    Maglev.Tables a = Maglev.build(all, m, null);
    List<Maglev.Entry> shuffled = new ArrayList<>(all);
    Collections.shuffle(shuffled, new Random(7));
    assertThat(Maglev.build(shuffled, m, null).base()).isEqualTo(a.base());
    List<Maglev.Entry> rest = new ArrayList<>(all.subList(1, 30));
    List<Maglev.Entry> restShuffled = new ArrayList<>(rest);
    Collections.shuffle(restShuffled, new Random(8));
    Maglev.Tables b = Maglev.build(rest, m, a.base());
    assertThat(Maglev.build(restShuffled, m, a.base()).table()).isEqualTo(b.table());
    // a previous base of another size is ignored: the table is the pure one of the set
    assertThat(Maglev.build(rest, m, new int[] {1, 2, 3}).table())
        .isEqualTo(Maglev.build(rest, m, null).table());
  }

  @Test
  void sizeKeepsWhileTheSetHoldsAHundredToFourHundredSlotsPerBackend() {
    assertThat(Maglev.tableSize(0, 4, Maglev.tableSize(0, 3))).isEqualTo(401);
    assertThat(Maglev.tableSize(0, 3, 307)).isEqualTo(307);
    assertThat(Maglev.tableSize(0, 2, 307)).isEqualTo(307);
    assertThat(Maglev.tableSize(0, 1, 307)).isEqualTo(307);
    // outgrown: a new prime with room for more (200 per backend)
    assertThat(Maglev.tableSize(0, 4, 307)).isEqualTo(Maglev.nextPrime(800));
    assertThat(Maglev.tableSize(0, 7, 809)).isEqualTo(809);
    // far too big for what is left: shrinks
    assertThat(Maglev.tableSize(0, 2, 100_003)).isEqualTo(Maglev.nextPrime(400));
    assertThat(Maglev.tableSize(0, 1000, 0)).isEqualTo(Maglev.nextPrime(100_100));
    assertThat(Maglev.tableSize(65537, 3, 307)).isEqualTo(65537);
  }

  static void assertWeightsExact(int[] table, List<Maglev.Entry> entries, int m) {
    long total = entries.stream().mapToLong(Maglev.Entry::weight).sum();
    java.util.Map<Integer, Integer> c = new java.util.HashMap<>();
    for (int id : table) {
      c.merge(id, 1, Integer::sum);
    }
    for (Maglev.Entry e : entries) {
      double share = (double) m * e.weight() / total;
      assertThat((double) c.getOrDefault(e.id(), 0))
          .as("slots of %s", e)
          .isBetween(Math.floor(share), Math.ceil(share));
    }
  }

  @Test
  void outputIsDeterministicWhateverTheInputOrder() {
    List<Maglev.Entry> l = backends(20);
    int[] a = Maglev.build(l, 2003);
    List<Maglev.Entry> shuffled = new ArrayList<>(l);
    Collections.shuffle(shuffled, new Random(42));
    assertThat(Maglev.build(shuffled, 2003)).isEqualTo(a);
    assertThat(Maglev.build(l, 2003)).isEqualTo(a);
  }

  @Test
  void aFreshTableSkipsTheQuotaStepOnlyWhereThatStepWouldMoveNothing() {
    Random r = new Random(7);
    int skipped = 0;
    for (int trial = 0; trial < 300; trial++) {
      int n = 1 + r.nextInt(24);
      List<Maglev.Entry> l = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int w = trial % 3 == 0 ? 1 : 1 + r.nextInt(trial % 3 == 1 ? 3 : 1000);
        l.add(new Maglev.Entry("198.18." + trial % 250 + "." + i + ":80", 1000 + i, w));
      }
      int size = Maglev.tableSize(0, n);
      List<Maglev.Entry> live = Maglev.members(l);
      long[] offset = new long[n];
      long[] skip = new long[n];
      Maglev.permutations(live, size, offset, skip);
      int[] reference = Rebalance.toQuotas(Maglev.populate(l, size), live, offset, skip);
      assertThat(Maglev.build(l, size, null).base()).as("trial %d", trial).isEqualTo(reference);
      int[] count = new int[n];
      int[] population = Maglev.populate(l, size);
      for (int i = 0; i < n; i++) {
        for (int id : population) {
          count[i] += id == live.get(i).id() ? 1 : 0;
        }
      }
      if (Rebalance.atQuotas(count, live, size)) {
        skipped++;
        assertThat(population).isEqualTo(reference);
      }
    }
    assertThat(skipped).isGreaterThanOrEqualTo(100); // every equal-weight trial at least
  }
}
