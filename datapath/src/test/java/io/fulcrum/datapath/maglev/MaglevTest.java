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
  void sizeIsTheSmallestPrimeOfAHundredSlotsPerBackendAtLeast251() {
    assertThat(Maglev.tableSize(0, 1)).isEqualTo(251);
    assertThat(Maglev.tableSize(0, 3)).isEqualTo(307);
    assertThat(Maglev.tableSize(0, 10)).isEqualTo(1009);
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

  @Test
  void deletingOneBackendFromTheSetRebuildsMovingFewOfTheOthersSlots() {
    for (int n : new int[] {5, 10, 50}) {
      List<Maglev.Entry> all = backends(n);
      int m = Maglev.tableSize(0, n);
      int removed = n / 2;
      List<Maglev.Entry> rest = new ArrayList<>(all);
      rest.remove(removed);
      double moved = movedOfOthers(Maglev.build(all, m), Maglev.build(rest, m), removed);
      assertThat(moved).as("n=%d", n).isLessThan(0.05);
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
}
