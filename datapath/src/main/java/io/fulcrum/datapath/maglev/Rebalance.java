package io.fulcrum.datapath.maglev;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
    for (Maglev.Entry e : live) {
      total += e.weight();
    }
    long[] lo = new long[n];
    long[] rem = new long[n]; // fractional part of the exact share, scaled by total
    for (int i = 0; i < n; i++) {
      long exact = (long) size * live.get(i).weight();
      lo[i] = exact / total;
      rem[i] = exact % total;
    }
    Map<Integer, Integer> index = new HashMap<>();
    for (int i = 0; i < n; i++) {
      index.put(live.get(i).id(), i);
    }
    int[] table = start.clone();
    List<List<Integer>> slots = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      slots.add(new ArrayList<>());
    }
    for (int s = 0; s < size; s++) {
      Integer i = index.get(table[s]);
      if (i == null) {
        table[s] = -1;
      } else {
        slots.get(i).add(s);
      }
    }
    // 1. nobody keeps more than its ceiling
    for (int i = 0; i < n; i++) {
      long hi = lo[i] + (rem[i] > 0 ? 1 : 0);
      giveBack(
          table, slots.get(i), (int) Math.max(0, slots.get(i).size() - hi), offset[i], skip[i]);
    }
    // 2. no more members at their ceiling than there are ceilings to hand out
    long ceilings = size;
    for (long l : lo) {
      ceilings -= l;
    }
    List<Integer> atCeiling = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (rem[i] > 0 && slots.get(i).size() == lo[i] + 1) {
        atCeiling.add(i);
      }
    }
    if (atCeiling.size() > ceilings) {
      // the smallest remainders give theirs back
      atCeiling.sort((a, b) -> rem[a] != rem[b] ? Long.compare(rem[a], rem[b]) : b - a);
      for (int k = 0; k < atCeiling.size() - ceilings; k++) {
        int i = atCeiling.get(k);
        giveBack(table, slots.get(i), 1, offset[i], skip[i]);
      }
    }
    // 3. quotas: every floor, then the remaining ceilings by largest remainder
    long[] quota = lo.clone();
    long extra = ceilings;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
      if (slots.get(i).size() > lo[i]) {
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
    int pending = 0;
    for (int i = 0; i < n; i++) {
      need[i] = (int) (quota[i] - slots.get(i).size());
      pending += need[i];
    }
    while (pending > 0) {
      for (int i = 0; i < n; i++) {
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

  /** Frees the {@code count} slots of a member that come last in its permutation. */
  private static void giveBack(int[] table, List<Integer> own, int count, long offset, long skip) {
    if (count <= 0) {
      return;
    }
    long size = table.length;
    long inv = BigInteger.valueOf(skip).modInverse(BigInteger.valueOf(size)).longValue();
    long[] rank = new long[own.size()];
    Integer[] order = new Integer[own.size()];
    for (int k = 0; k < own.size(); k++) {
      // position j of the slot in the permutation: offset + j * skip = slot (mod size)
      long d = Math.floorMod(own.get(k) - offset, size);
      rank[k] = d * inv % size; // both below 2^24: no overflow
      order[k] = k;
    }
    Arrays.sort(order, (a, b) -> Long.compare(rank[b], rank[a]));
    List<Integer> kept = new ArrayList<>();
    for (int k = 0; k < order.length; k++) {
      int s = own.get(order[k]);
      if (k < count) {
        table[s] = -1;
      } else {
        kept.add(s);
      }
    }
    own.clear();
    own.addAll(kept);
  }
}
