package io.fulcrum.datapath.maglev;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Maglev lookup table (Eisenbud et al., "Maglev: A Fast and Reliable Software Network Load
 * Balancer", NSDI 2016, section 3.4). Each backend walks its own permutation of the table, given by
 * an offset and a skip hashed from its stable key, and takes the next free slot on its turn; the
 * turns are weighted: a backend of weight w gets a turn in w of every max-weight rounds, so its
 * share of slots is proportional to its weight. Pure and deterministic: the same backends (in any
 * order) give the same table.
 *
 * <p>Table size: a given prime, or the smallest prime at least 100 × the number of backends that
 * take new flows, and at least {@value #MIN_SIZE}. With M ≥ 100 N each backend holds about 100
 * slots, so a weight or membership change moves little of the others' traffic.
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
  public static int tableSize(int requested, int backendsTakingNewFlows) {
    if (requested > 0) {
      if (!isPrime(requested)) {
        throw new IllegalArgumentException("Maglev table size must be prime, was " + requested);
      }
      if (requested > MAX_SIZE) {
        throw new IllegalArgumentException("Maglev table size above " + MAX_SIZE);
      }
      return requested;
    }
    long want = Math.max(MIN_SIZE, (long) SLOTS_PER_BACKEND * backendsTakingNewFlows);
    if (want > MAX_SIZE) {
      throw new IllegalArgumentException("too many backends for a Maglev table");
    }
    return nextPrime((int) want);
  }

  /**
   * Builds the table in two steps. First the Maglev population over every member of weight > 0,
   * serving or not (the base table). Then each slot of a non-serving member goes to a serving one
   * by weighted rendezvous hashing of (slot, backend): a backend going DOWN or DRAINING moves none
   * of the other backends' slots, and coming back UP restores the base table exactly. With no
   * serving entry of weight > 0 the table is empty (length 0).
   */
  public static int[] build(List<Entry> entries, int size) {
    int[] table = populate(entries, size);
    List<Entry> serving = new ArrayList<>();
    java.util.Set<Integer> idle = new java.util.HashSet<>();
    for (Entry e : entries) {
      if (e.weight() > 0 && e.serving()) {
        serving.add(e);
      } else {
        idle.add(e.id());
      }
    }
    if (serving.isEmpty()) {
      return new int[0];
    }
    serving.sort(Comparator.comparing(Entry::key).thenComparingInt(Entry::id));
    long[] seeds = new long[serving.size()];
    for (int i = 0; i < seeds.length; i++) {
      seeds[i] = hash(serving.get(i).key().getBytes(StandardCharsets.UTF_8), 0x165667B19E3779F9L);
    }
    for (int s = 0; s < table.length; s++) {
      if (!idle.contains(table[s])) {
        continue;
      }
      double best = Double.MAX_VALUE;
      int owner = -1;
      for (int i = 0; i < seeds.length; i++) {
        long h = mix(seeds[i] ^ (s * 0x9E3779B97F4A7C15L));
        double u = ((h >>> 11) + 1) * 0x1.0p-53; // (0, 1]
        double score = -Math.log(u) / serving.get(i).weight();
        if (score < best) {
          best = score;
          owner = serving.get(i).id();
        }
      }
      table[s] = owner;
    }
    return table;
  }

  /** The plain Maglev population over entries of weight > 0. */
  static int[] populate(List<Entry> entries, int size) {
    if (!isPrime(size)) {
      throw new IllegalArgumentException("Maglev table size must be prime, was " + size);
    }
    List<Entry> live = new ArrayList<>();
    for (Entry e : entries) {
      if (e.weight() > 0) {
        live.add(e);
      }
    }
    if (live.isEmpty()) {
      return new int[0];
    }
    live.sort(Comparator.comparing(Entry::key).thenComparingInt(Entry::id));
    int n = live.size();
    long[] offset = new long[n];
    long[] skip = new long[n];
    long[] next = new long[n];
    long[] credit = new long[n];
    int maxWeight = 0;
    for (int i = 0; i < n; i++) {
      byte[] k = live.get(i).key().getBytes(StandardCharsets.UTF_8);
      offset[i] = Long.remainderUnsigned(hash(k, 0x9E3779B97F4A7C15L), size);
      skip[i] = Long.remainderUnsigned(hash(k, 0xC2B2AE3D27D4EB4FL), size - 1) + 1;
      maxWeight = Math.max(maxWeight, live.get(i).weight());
    }
    int[] table = new int[size];
    Arrays.fill(table, -1);
    int filled = 0;
    while (true) {
      for (int i = 0; i < n; i++) {
        credit[i] += live.get(i).weight();
        if (credit[i] < maxWeight) {
          continue;
        }
        credit[i] -= maxWeight;
        int slot = (int) ((offset[i] + next[i] * skip[i]) % size);
        while (table[slot] >= 0) {
          next[i]++;
          slot = (int) ((offset[i] + next[i] * skip[i]) % size);
        }
        table[slot] = live.get(i).id();
        next[i]++;
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
