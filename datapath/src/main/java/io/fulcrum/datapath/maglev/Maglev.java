package io.fulcrum.datapath.maglev;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Maglev lookup tables (Eisenbud et al., "Maglev: A Fast and Reliable Software Network Load
 * Balancer", NSDI 2016, section 3.4), built in two layers.
 *
 * <p><b>Base table</b>: the slots of every member (weight &gt; 0, whatever its state). Each member
 * has its own permutation of the slots (an offset and a skip hashed from its stable key). The first
 * base table of a service is the Maglev population (members take turns claiming the next free slot
 * of their permutation; weighted turns), then brought to exact quotas: a member of weight w holds
 * floor or ceil of M w / W slots. Every later base table starts from the previous one ({@link
 * Rebalance}): members keep their slots up to their new quota, the slots of members that left (and
 * any excess) are claimed by the members below quota along their permutations. So removing one
 * member moves none of the others' slots (the rare exception: a rounding change, one slot), adding
 * one moves only the slots it takes, and weights stay exact. The price: a base table is a function
 * of the previous table and the new set, not of the set alone. Two nodes that saw the same sequence
 * of sets agree; a node that starts fresh computes the pure first table of the current set and may
 * differ from older nodes in the slots that changes moved.
 *
 * <p><b>Table</b> (what the data plane reads): the base table brought to the quotas of the serving
 * members only, with the same step: the slots of members that take no new flow now (DOWN, DRAINING)
 * go to the serving members, and nobody else's slot moves. A pure function of the base table and
 * the states, so health changes never make nodes disagree: a backend going DOWN moves none of the
 * others' slots, coming back UP restores the base table exactly, and removing a backend that was
 * already DOWN or DRAINING changes nothing at all.
 *
 * <p>Table size: a given prime, or the smallest prime of at least 100 slots per member, counting
 * one member more (room to add one without a new size), and at least {@value #MIN_SIZE}. A changed
 * set keeps its size while it holds 100 to 400 slots per member; otherwise the new size has 200 per
 * member. A new size is a new table (every flow hash maps anew), so it is rare by design: when the
 * set grows past its room or shrinks to a quarter.
 */
public final class Maglev {
  /** Smallest table size picked automatically. */
  public static final int MIN_SIZE = 251;

  /** Largest table size accepted (the biggest prime below 2^24). */
  public static final int MAX_SIZE = 16_777_213;

  /** Slots per backend when the size is picked automatically. */
  public static final int SLOTS_PER_BACKEND = 100;

  private Maglev() {}

  /**
   * One backend for the table.
   *
   * @param key stable identity hashed into its permutation (e.g. "198.18.2.1:8080")
   * @param id the value written into its slots (the data plane's backend id)
   * @param weight relative weight; 0 takes no slot
   * @param serving false for a member that takes no new flow now (DOWN, DRAINING): it keeps its
   *     place in the base table, and only its slots are handed to the serving backends
   */
  public record Entry(String key, int id, int weight, boolean serving) {
    public Entry {
      if (weight < 0) {
        throw new IllegalArgumentException("weight must be >= 0");
      }
    }

    /** A serving backend. */
    public Entry(String key, int id, int weight) {
      this(key, id, weight, true);
    }
  }

  /** The table size to use: {@code requested} (must be prime) or the automatic choice. */
  public static int tableSize(int requested, int members) {
    return tableSize(requested, members, 0);
  }

  /**
   * The table size to use for {@code members} members when the table had {@code previous} slots (0:
   * none): {@code requested} (must be prime), else {@code previous} while it holds 100 to 400 slots
   * per member (at least {@value #MIN_SIZE}), else a new prime: 100 slots per member for a new
   * table, 200 when the set outgrew the old one.
   */
  public static int tableSize(int requested, int members, int previous) {
    if (requested > 0) {
      if (!isPrime(requested)) {
        throw new IllegalArgumentException("Maglev table size must be prime, was " + requested);
      }
      if (requested > MAX_SIZE) {
        throw new IllegalArgumentException("Maglev table size above " + MAX_SIZE);
      }
      return requested;
    }
    long low = Math.max(MIN_SIZE, (long) SLOTS_PER_BACKEND * members);
    long high = Math.max(MIN_SIZE, 4L * SLOTS_PER_BACKEND * members);
    if (low > MAX_SIZE) {
      throw new IllegalArgumentException("too many backends for a Maglev table");
    }
    if (previous > 0
        && isPrime(previous)
        && previous >= low
        && previous <= nextPrime((int) Math.min(high, MAX_SIZE))) {
      return previous;
    }
    // a new table has room for one more member; a resized one for as many again
    long want =
        previous > 0
            ? Math.max(MIN_SIZE, 2L * SLOTS_PER_BACKEND * members)
            : Math.max(MIN_SIZE, (long) SLOTS_PER_BACKEND * (members + 1));
    return nextPrime((int) Math.min(want, MAX_SIZE));
  }

  /** A base table and the table the data plane reads (see the class comment). */
  public record Tables(int[] base, int[] table) {}

  /**
   * The table alone, from scratch: {@code build(entries, size, null).table()}. Pure and
   * deterministic: the same entries (in any order) give the same table.
   */
  public static int[] build(List<Entry> entries, int size) {
    return build(entries, size, null).table();
  }

  /**
   * Builds the base table from {@code previousBase} (null, or of another size: from scratch), then
   * the table. With no serving entry of weight &gt; 0 the table is empty (length 0); with no member
   * at all the base is empty too.
   */
  public static Tables build(List<Entry> entries, int size, int[] previousBase) {
    if (!isPrime(size)) {
      throw new IllegalArgumentException("Maglev table size must be prime, was " + size);
    }
    List<Entry> live = members(entries);
    if (live.isEmpty()) {
      return new Tables(new int[0], new int[0]);
    }
    long[] offset = new long[live.size()];
    long[] skip = new long[live.size()];
    permutations(live, size, offset, skip);
    int[] base;
    if (previousBase != null && previousBase.length == size) {
      base = Rebalance.toQuotas(previousBase, live, offset, skip);
    } else {
      int[] claimed = new int[live.size()];
      int[] start = populate(live, size, offset, skip, claimed);
      // the population usually lands on the quotas already (equal weights always do): then
      // bringing it to them would move nothing, and the copy and its bookkeeping are skipped
      base =
          Rebalance.atQuotas(claimed, live, size)
              ? start
              : Rebalance.toQuotas(start, live, offset, skip);
    }
    return new Tables(base, overlay(base, live, offset, skip, true));
  }

  /**
   * The table from the base: the members that take no new flow now are left out, as if removed, so
   * their slots go to the serving members below quota and nobody else's slot moves. Removing a
   * member that was already out of rotation then changes nothing, and back UP restores the base.
   */
  static int[] overlay(int[] base, List<Entry> entries) {
    List<Entry> live = members(entries);
    long[] offset = new long[live.size()];
    long[] skip = new long[live.size()];
    permutations(live, base.length, offset, skip);
    return overlay(base, live, offset, skip, false);
  }

  /** As above over the members and their permutations (a permutation depends on key and size). */
  private static int[] overlay(
      int[] base, List<Entry> live, long[] offset, long[] skip, boolean baseAtQuotas) {
    int servingCount = 0;
    for (Entry e : live) {
      if (e.serving()) {
        servingCount++;
      }
    }
    if (servingCount == 0) {
      return new int[0];
    }
    if (servingCount == live.size() && baseAtQuotas) {
      // the base already holds every member's exact quota, and bringing a table that does to the
      // quotas of the same members changes nothing (Rebalance moves no slot of a member within its
      // quota): the table is the base
      return base;
    }
    List<Entry> serving = new ArrayList<>(servingCount);
    long[] so = new long[servingCount];
    long[] ss = new long[servingCount];
    for (int i = 0; i < live.size(); i++) {
      if (live.get(i).serving()) {
        so[serving.size()] = offset[i];
        ss[serving.size()] = skip[i];
        serving.add(live.get(i));
      }
    }
    return Rebalance.toQuotas(base, serving, so, ss);
  }

  /** Entries of weight &gt; 0, sorted by key then id. */
  static List<Entry> members(List<Entry> entries) {
    List<Entry> live = new ArrayList<>();
    for (Entry e : entries) {
      if (e.weight() > 0) {
        live.add(e);
      }
    }
    live.sort(Comparator.comparing(Entry::key).thenComparingInt(Entry::id));
    return live;
  }

  /** Each member's permutation: slot j is offset + j * skip (mod size). */
  static void permutations(List<Entry> live, int size, long[] offset, long[] skip) {
    for (int i = 0; i < live.size(); i++) {
      byte[] k = live.get(i).key().getBytes(StandardCharsets.UTF_8);
      offset[i] = Long.remainderUnsigned(hash(k, 0x9E3779B97F4A7C15L), size);
      skip[i] = Long.remainderUnsigned(hash(k, 0xC2B2AE3D27D4EB4FL), size - 1) + 1;
    }
  }

  /** The plain Maglev population over entries of weight &gt; 0 (weighted turns). */
  static int[] populate(List<Entry> entries, int size) {
    if (!isPrime(size)) {
      throw new IllegalArgumentException("Maglev table size must be prime, was " + size);
    }
    List<Entry> live = members(entries);
    if (live.isEmpty()) {
      return new int[0];
    }
    long[] offset = new long[live.size()];
    long[] skip = new long[live.size()];
    permutations(live, size, offset, skip);
    return populate(live, size, offset, skip, new int[live.size()]);
  }

  /** The population; {@code claimed[i]} counts the slots member i took. */
  private static int[] populate(
      List<Entry> live, int size, long[] offset, long[] skip, int[] claimed) {
    int n = live.size();
    // each member's next slot in its permutation (offset + j * skip mod size), stepped by addition
    int[] next = new int[n];
    int[] step = new int[n];
    int[] weight = new int[n];
    int[] ids = new int[n];
    long[] credit = new long[n];
    int maxWeight = 0;
    for (int i = 0; i < n; i++) {
      Entry e = live.get(i);
      next[i] = (int) offset[i];
      step[i] = (int) skip[i];
      weight[i] = e.weight();
      ids[i] = e.id();
      maxWeight = Math.max(maxWeight, e.weight());
    }
    int[] table = new int[size];
    Arrays.fill(table, -1);
    int filled = 0;
    while (true) {
      for (int i = 0; i < n; i++) {
        credit[i] += weight[i];
        if (credit[i] < maxWeight) {
          continue;
        }
        credit[i] -= maxWeight;
        int slot = next[i];
        int st = step[i];
        while (table[slot] >= 0) {
          slot += st;
          if (slot >= size) {
            slot -= size;
          }
        }
        table[slot] = ids[i];
        claimed[i]++;
        slot += st;
        next[i] = slot >= size ? slot - size : slot;
        if (++filled == size) {
          return table;
        }
      }
    }
  }

  /** 64-bit FNV-1a followed by the murmur3 finaliser, seeded. */
  static long hash(byte[] data, long seed) {
    long h = 0xcbf29ce484222325L ^ seed;
    for (byte b : data) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return mix(h);
  }

  /** The murmur3 64-bit finaliser. */
  static long mix(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }

  public static boolean isPrime(int n) {
    if (n < 2) {
      return false;
    }
    if (n % 2 == 0) {
      return n == 2;
    }
    for (int d = 3; (long) d * d <= n; d += 2) {
      if (n % d == 0) {
        return false;
      }
    }
    return true;
  }

  public static int nextPrime(int n) {
    int p = Math.max(2, n);
    while (!isPrime(p)) {
      p++;
    }
    return p;
  }
}
