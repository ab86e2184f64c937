package io.fulcrum.datapath.maglev;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Brings a table to exact weighted quotas while moving as few slots as possible: the step that
 * makes membership and weight changes cheap (see {@link Maglev}).
 *
 * <p>Each member m of weight w gets {@code floor(M w / W)} or {@code ceil(M w / W)} slots (largest
 * remainder decides which members get the ceiling). A member keeps every slot it holds up to its
 * ceiling; a member above it gives back the slots that come last in its own Maglev permutation. The
 * free slots (those of members that left, and those given back) go to the members below their
 * quota, which take turns claiming the next free slot of their permutation, as in the Maglev
 * population. So removing a member moves only its own slots; adding one moves only the slots it
 * takes; nobody else's slot changes owner, except for the odd slot a rounding change forces.
 */
final class Rebalance {
  private Rebalance() {}

  /**
   * @param start the table to start from (owner ids; ids that are not members count as free)
   * @param live the members, weight > 0, in a fixed order (sorted by key)
   * @param offset each member's permutation offset (same order)
   * @param skip each member's permutation skip (same order)
   */
  static int[] toQuotas(int[] start, List<Maglev.Entry> live, long[] offset, long[] skip) {
    int size = start.length;
    int n = live.size();
    long total = 0;
    int maxId = 0;
    for (Maglev.Entry e : live) {
      total += e.weight();
      maxId = Math.max(maxId, e.id());
    }
    long[] lo = new long[n];
    long[] rem = new long[n]; // fractional part of the exact share, scaled by total
    for (int i = 0; i < n; i++) {
      long exact = (long) size * live.get(i).weight();
      lo[i] = exact / total;
      rem[i] = exact % total;
    }
    int[] index = new int[maxId + 1];
    Arrays.fill(index, -1);
    for (int i = 0; i < n; i++) {
      index[live.get(i).id()] = i;
    }
    int[] table = start.clone();
    int[] count = new int[n + 1];
    for (int s = 0; s < size; s++) {
      int id = table[s];
      int i = id >= 0 && id <= maxId ? index[id] : -1;
      if (i < 0) {
        table[s] = -1;
      } else {
        count[i]++;
      }
    }
    // each member's slots, grouped (counting sort): slots[first[i] .. first[i + 1])
    int[] first = new int[n + 1];
    for (int i = 0; i < n; i++) {
      first[i + 1] = first[i] + count[i];
    }
    int[] slots = new int[first[n]];
    int[] fill = first.clone();
    for (int s = 0; s < size; s++) {
      if (table[s] >= 0) {
        slots[fill[index[table[s]]]++] = s;
      }
    }
    Members m = new Members(table, slots, first, count, offset, skip);
    // 1. nobody keeps more than its ceiling
    for (int i = 0; i < n; i++) {
      long hi = lo[i] + (rem[i] > 0 ? 1 : 0);
      m.giveBack(i, (int) Math.max(0, count[i] - hi));
    }
    // 2. no more members at their ceiling than there are ceilings to hand out
    long ceilings = size;
    for (long l : lo) {
      ceilings -= l;
    }
    List<Integer> atCeiling = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (rem[i] > 0 && count[i] == lo[i] + 1) {
        atCeiling.add(i);
      }
    }
    if (atCeiling.size() > ceilings) {
      // the smallest remainders give theirs back
      atCeiling.sort((a, b) -> rem[a] != rem[b] ? Long.compare(rem[a], rem[b]) : b - a);
      for (int k = 0; k < atCeiling.size() - ceilings; k++) {
        m.giveBack(atCeiling.get(k), 1);
      }
    }
    // 3. quotas: every floor, then the remaining ceilings by largest remainder
    long[] quota = lo.clone();
    long extra = ceilings;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
      if (count[i] > lo[i]) {
        quota[i] = lo[i] + 1; // holds its ceiling already (step 2 kept it within the count)
        extra--;
      }
    }
    Arrays.sort(order, (a, b) -> rem[a] != rem[b] ? Long.compare(rem[b], rem[a]) : a - b);
    for (int k = 0; k < n && extra > 0; k++) {
      int i = order[k];
      if (rem[i] > 0 && quota[i] == lo[i]) {
        quota[i]++;
        extra--;
      }
    }
    // 4. members below quota take turns claiming free slots along their permutations
    long[] next = new long[n];
    int[] need = new int[n];
    int[] needy = new int[n];
    int needyCount = 0;
    int pending = 0;
    for (int i = 0; i < n; i++) {
      need[i] = (int) (quota[i] - count[i]);
      if (need[i] > 0) {
        needy[needyCount++] = i;
        pending += need[i];
      }
    }
    while (pending > 0) {
      for (int k = 0; k < needyCount; k++) {
        int i = needy[k];
        if (need[i] <= 0) {
          continue;
        }
        int slot = (int) ((offset[i] + next[i] * skip[i]) % size);
        while (table[slot] >= 0) {
          next[i]++;
          slot = (int) ((offset[i] + next[i] * skip[i]) % size);
        }
        table[slot] = live.get(i).id();
        next[i]++;
        need[i]--;
        pending--;
      }
    }
    return table;
  }

  /** The members' slots, for giving some back. */
  private record Members(
      int[] table, int[] slots, int[] first, int[] count, long[] offset, long[] skip) {

    /** Frees the {@code k} slots of member i that come last in its permutation. */
    void giveBack(int i, int k) {
      if (k <= 0) {
        return;
      }
      long size = table.length;
      long inv = BigInteger.valueOf(skip[i]).modInverse(BigInteger.valueOf(size)).longValue();
      int from = first[i];
      int to = first[i + 1];
      List<long[]> own = new ArrayList<>(); // {rank, slot} of the slots it still holds
      for (int j = from; j < to; j++) {
        int s = slots[j];
        if (table[s] >= 0) {
          // position of the slot in the permutation: offset + rank * skip = slot (mod size)
          long d = Math.floorMod(s - offset[i], size);
          own.add(new long[] {d * inv % size, s}); // both below 2^24: no overflow
        }
      }
      own.sort((a, b) -> Long.compare(b[0], a[0]));
      for (int j = 0; j < k && j < own.size(); j++) {
        table[(int) own.get(j)[1]] = -1;
        count[i]--;
      }
    }
  }
}
