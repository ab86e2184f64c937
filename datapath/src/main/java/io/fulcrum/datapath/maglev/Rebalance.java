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
  // members are fewer than 2^24 (the largest table); remainders below 2^40 (weights < 2^16)
  private static final int INDEX_BITS = 24;
  private static final long INDEX_MASK = (1L << INDEX_BITS) - 1;

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
    // member index by id (ids are data plane backend ids, up to millions: hashed, not an array)
    IdIndex index = new IdIndex(n);
    for (int i = 0; i < n; i++) {
      index.put(live.get(i).id(), i);
    }
    int[] table = start.clone();
    int[] owner = new int[size]; // member index of each slot, -1 free
    int[] count = new int[n + 1];
    for (int s = 0; s < size; s++) {
      int id = table[s];
      int i = id >= 0 && id <= maxId ? index.get(id) : -1;
      owner[s] = i;
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
        slots[fill[owner[s]]++] = s;
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
    int[] atCeiling = new int[n];
    int ceilingCount = 0;
    for (int i = 0; i < n; i++) {
      if (rem[i] > 0 && count[i] == lo[i] + 1) {
        atCeiling[ceilingCount++] = i;
      }
    }
    if (ceilingCount > ceilings) {
      // the smallest remainders give theirs back (equal remainders: the higher index first)
      int[] order = ascending(atCeiling, ceilingCount, rem);
      for (int k = 0; k < ceilingCount - ceilings; k++) {
        m.giveBack(order[k], 1);
      }
    }
    // 3. quotas: every floor, then the remaining ceilings by largest remainder
    long[] quota = lo.clone();
    long extra = ceilings;
    int[] all = new int[n];
    for (int i = 0; i < n; i++) {
      all[i] = i;
      if (count[i] > lo[i]) {
        quota[i] = lo[i] + 1; // holds its ceiling already (step 2 kept it within the count)
        extra--;
      }
    }
    // largest remainder first, equal remainders by lower index: the ascending order reversed
    int[] order = ascending(all, n, rem);
    for (int k = 0; k < n && extra > 0; k++) {
      int i = order[n - 1 - k];
      if (rem[i] > 0 && quota[i] == lo[i]) {
        quota[i]++;
        extra--;
      }
    }
    // 4. members below quota take turns claiming free slots along their permutations
    int[] next = new int[n];
    int[] ids = new int[n];
    for (int i = 0; i < n; i++) {
      next[i] = (int) offset[i];
      ids[i] = live.get(i).id();
    }
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
        // slot offset + j * skip (mod size), stepped without a division
        int slot = next[i];
        int step = (int) skip[i];
        while (table[slot] >= 0) {
          slot += step;
          if (slot >= size) {
            slot -= size;
          }
        }
        table[slot] = ids[i];
        slot += step;
        next[i] = slot >= size ? slot - size : slot;
        need[i]--;
        pending--;
      }
    }
    return table;
  }

  /**
   * True when every member already holds its floor or ceiling share ({@code count[i]} slots of a
   * table of {@code size}, every slot owned): {@link #toQuotas} would then move no slot, since the
   * members at their ceiling are exactly as many as there are ceilings to hand out.
   */
  static boolean atQuotas(int[] count, List<Maglev.Entry> live, int size) {
    long total = 0;
    for (Maglev.Entry e : live) {
      total += e.weight();
    }
    long owned = 0;
    for (int i = 0; i < live.size(); i++) {
      long exact = (long) size * live.get(i).weight();
      long lo = exact / total;
      long hi = lo + (exact % total > 0 ? 1 : 0);
      if (count[i] < lo || count[i] > hi) {
        return false;
      }
      owned += count[i];
    }
    return owned == size;
  }

  /**
   * The first {@code count} of {@code members} ordered by remainder, smallest first, and equal
   * remainders by higher index first. A primitive sort of packed keys where they fit in a long.
   */
  static int[] ascending(int[] members, int count, long[] rem) {
    int[] out = new int[count];
    long max = 0;
    for (int k = 0; k < count; k++) {
      max = Math.max(max, rem[members[k]]);
    }
    if (max < (1L << (62 - INDEX_BITS)) && rem.length <= INDEX_MASK) {
      long[] keys = new long[count];
      for (int k = 0; k < count; k++) {
        int i = members[k];
        keys[k] = (rem[i] << INDEX_BITS) | (INDEX_MASK - i);
      }
      Arrays.sort(keys);
      for (int k = 0; k < count; k++) {
        out[k] = (int) (INDEX_MASK - (keys[k] & INDEX_MASK));
      }
      return out;
    }
    Integer[] boxed = new Integer[count];
    for (int k = 0; k < count; k++) {
      boxed[k] = members[k];
    }
    Arrays.sort(boxed, (a, b) -> rem[a] != rem[b] ? Long.compare(rem[a], rem[b]) : b - a);
    for (int k = 0; k < count; k++) {
      out[k] = boxed[k];
    }
    return out;
  }

  /** Member index by id: open addressing, the last put of an id wins. */
  static final class IdIndex {
    private final int[] keys;
    private final int[] values;
    private final int mask;

    IdIndex(int members) {
      int cap = Integer.highestOneBit(Math.max(4, members * 2 - 1)) << 1;
      keys = new int[cap];
      values = new int[cap];
      mask = cap - 1;
      Arrays.fill(keys, -1);
    }

    void put(int id, int index) {
      int h = mix(id) & mask;
      while (keys[h] != -1 && keys[h] != id) {
        h = (h + 1) & mask;
      }
      keys[h] = id;
      values[h] = index;
    }

    /** The index of {@code id} (>= 0), or -1. */
    int get(int id) {
      int h = mix(id) & mask;
      while (true) {
        int k = keys[h];
        if (k == id) {
          return values[h];
        }
        if (k == -1) {
          return -1;
        }
        h = (h + 1) & mask;
      }
    }

    private static int mix(int x) {
      return x * 0x9E3779B9 >>> 7 ^ x;
    }
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
