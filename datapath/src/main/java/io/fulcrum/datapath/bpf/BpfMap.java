package io.fulcrum.datapath.bpf;

import io.fulcrum.datapath.DatapathException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * One BPF map: raw key and value bytes. Per-CPU maps take and return {@code possibleCpus} values,
 * each padded to 8 bytes. A map that is full answers updates with E2BIG (arrays: out of range),
 * reported as {@link MapFullException}.
 */
public final class BpfMap implements AutoCloseable {
  public static final long BPF_ANY = 0;
  public static final long BPF_NOEXIST = 1;
  public static final long BPF_EXIST = 2;

  public static final int TYPE_HASH = 1;
  public static final int TYPE_ARRAY = 2;
  public static final int TYPE_PERCPU_HASH = 5;
  public static final int TYPE_PERCPU_ARRAY = 6;
  public static final int TYPE_LRU_HASH = 9;
  public static final int TYPE_LRU_PERCPU_HASH = 10;

  private final String name;
  private final int fd;
  private final int type;
  private final int keySize;
  private final int valueSize;
  private final int maxEntries;
  private final boolean ownsFd;

  private BpfMap(
      String name, int fd, int type, int keySize, int valueSize, int maxEntries, boolean ownsFd) {
    this.name = name;
    this.fd = fd;
    this.type = type;
    this.keySize = keySize;
    this.valueSize = valueSize;
    this.maxEntries = maxEntries;
    this.ownsFd = ownsFd;
  }

  /** Wraps an fd; ownsFd says whether {@link #close()} closes it. */
  public static BpfMap of(String name, int fd, boolean ownsFd) {
    int[] info = new int[6];
    Bpf.check(Bpf.lib().fl_map_info(fd, info), "reading info of map " + name);
    return new BpfMap(name, fd, info[0], info[1], info[2], info[3], ownsFd);
  }

  /** Opens a pinned map, or returns null when nothing is pinned there. */
  public static BpfMap openPinned(String name, String path) {
    int fd = Bpf.objGet(path);
    if (fd == -Bpf.ENOENT) {
      return null;
    }
    Bpf.check(fd, "opening pinned map " + path);
    return of(name, fd, true);
  }

  public String name() {
    return name;
  }

  public int fd() {
    return fd;
  }

  public int type() {
    return type;
  }

  public int keySize() {
    return keySize;
  }

  public int valueSize() {
    return valueSize;
  }

  public int maxEntries() {
    return maxEntries;
  }

  public boolean perCpu() {
    return type == TYPE_PERCPU_ARRAY || type == TYPE_PERCPU_HASH || type == TYPE_LRU_PERCPU_HASH;
  }

  /** Bytes one lookup returns: valueSize, or possibleCpus × valueSize rounded up to 8. */
  public int lookupSize() {
    return perCpu() ? Bpf.possibleCpus() * ((valueSize + 7) & ~7) : valueSize;
  }

  public void update(byte[] key, byte[] value, long flags) {
    checkSizes(key, value);
    int rc = Bpf.lib().fl_map_update(fd, key, value, flags);
    if (rc == -Bpf.E2BIG || rc == -Bpf.ENOSPC || rc == -Bpf.ENOMEM) {
      throw new MapFullException(name, maxEntries, -rc);
    }
    if (rc < 0) {
      Bpf.check(rc, "updating map " + name);
    }
  }

  /**
   * Writes the entry only if the key is absent (BPF_NOEXIST): one system call instead of a lookup
   * and an update. Returns false when the key was there (nothing written).
   */
  public boolean insert(byte[] key, byte[] value) {
    checkSizes(key, value);
    int rc = Bpf.lib().fl_map_update(fd, key, value, BPF_NOEXIST);
    if (rc == -EEXIST) {
      return false;
    }
    if (rc == -Bpf.E2BIG || rc == -Bpf.ENOSPC || rc == -Bpf.ENOMEM) {
      throw new MapFullException(name, maxEntries, -rc);
    }
    if (rc < 0) {
      Bpf.check(rc, "inserting into map " + name);
    }
    return true;
  }

  private static final int EEXIST = 17;

  /** The value, or null when the key is absent. */
  public byte[] lookup(byte[] key) {
    byte[] value = new byte[lookupSize()];
    int rc = Bpf.lib().fl_map_lookup(fd, key, value);
    if (rc == -Bpf.ENOENT) {
      return null;
    }
    if (rc < 0) {
      Bpf.check(rc, "looking up map " + name);
    }
    return value;
  }

  /**
   * Reads the value into {@code value} (of {@link #lookupSize()} bytes); false when the key is
   * absent. Allocates nothing (pollers).
   */
  public boolean lookupInto(byte[] key, byte[] value) {
    int rc = Bpf.lib().fl_map_lookup(fd, key, value);
    if (rc == -Bpf.ENOENT) {
      return false;
    }
    if (rc < 0) {
      Bpf.check(rc, "looking up map " + name);
    }
    return true;
  }

  /** Deletes a key; returns false when it was absent. */
  public boolean delete(byte[] key) {
    int rc = Bpf.lib().fl_map_delete(fd, key);
    if (rc == -Bpf.ENOENT) {
      return false;
    }
    if (rc < 0) {
      Bpf.check(rc, "deleting from map " + name);
    }
    return true;
  }

  /** The key after {@code key} (null: the first), or null at the end. */
  public byte[] nextKey(byte[] key) {
    byte[] next = new byte[keySize];
    int rc = Bpf.lib().fl_map_next_key(fd, key, next);
    if (rc == -Bpf.ENOENT) {
      return null;
    }
    if (rc < 0) {
      Bpf.check(rc, "iterating map " + name);
    }
    return next;
  }

  /** All keys (a snapshot; entries may come and go while it is taken). */
  public List<byte[]> keys() {
    List<byte[]> keys = new ArrayList<>();
    byte[] k = nextKey(null);
    while (k != null) {
      keys.add(k);
      k = nextKey(k);
    }
    return keys;
  }

  /**
   * Calls visitor for every entry until it returns false; returns the number visited. Reads up to
   * {@value #BATCH} entries per system call (BPF_MAP_LOOKUP_BATCH) and falls back to one
   * get_next_key + lookup per entry where the kernel or the map type has no batch lookup.
   */
  public long forEach(BiPredicate<byte[], byte[]> visitor) {
    if (batchLookup != Boolean.FALSE) {
      long n = forEachBatch(visitor);
      if (n >= 0) {
        return n;
      }
    }
    long n = 0;
    byte[] k = nextKey(null);
    while (k != null) {
      byte[] next = nextKey(k);
      byte[] v = lookup(k);
      if (v != null) {
        n++;
        if (!visitor.test(k, v)) {
          break;
        }
      }
      k = next;
    }
    return n;
  }

  private static final int BATCH = 4096;
  private Boolean batchLookup;

  /** True once an iteration went through batch lookups (false: fallback, null: not yet known). */
  public Boolean usesBatchLookup() {
    return batchLookup;
  }

  /** Returns -1 when batch lookups are not supported (nothing was visited then). */
  private long forEachBatch(BiPredicate<byte[], byte[]> visitor) {
    int per = lookupSize();
    int size = BATCH;
    byte[] in = null;
    byte[] out = new byte[Math.max(keySize, 8)];
    long n = 0;
    while (true) {
      byte[] keys = new byte[size * keySize];
      byte[] values = new byte[size * per];
      int[] count = {size};
      int rc = Bpf.lib().fl_map_lookup_batch(fd, in, out, keys, values, count);
      if (rc < 0 && rc != -Bpf.ENOENT) {
        if (batchLookup == null && n == 0 && (rc == -22 || rc == -95 || rc == -524)) {
          batchLookup = Boolean.FALSE;
          return -1;
        }
        if (rc == -Bpf.ENOSPC && size < (1 << 20)) {
          size *= 4; // a bucket holds more entries than fit: retry bigger from the same place
          continue;
        }
        if (rc < 0) {
          Bpf.check(rc, "batch lookup of map " + name);
        }
      }
      batchLookup = Boolean.TRUE;
      for (int i = 0; i < count[0]; i++) {
        n++;
        byte[] k = java.util.Arrays.copyOfRange(keys, i * keySize, (i + 1) * keySize);
        byte[] v = java.util.Arrays.copyOfRange(values, i * per, (i + 1) * per);
        if (!visitor.test(k, v)) {
          return n;
        }
      }
      if (rc == -Bpf.ENOENT) {
        return n;
      }
      in = out.clone();
    }
  }

  /** Number of entries (hash maps: by iteration; arrays: max_entries). */
  public long count() {
    if (type == TYPE_ARRAY || type == TYPE_PERCPU_ARRAY) {
      return maxEntries;
    }
    return forEach((k, v) -> true);
  }

  /**
   * Writes many entries with one system call where the kernel supports it (falls back to one update
   * per entry). keys and values are concatenated.
   */
  public void updateBatch(byte[] keys, byte[] values, int count, long flags) {
    if (count == 0) {
      return;
    }
    int[] n = {count};
    int rc = Bpf.lib().fl_map_update_batch(fd, keys, values, n, flags);
    if (rc == -22 /* EINVAL */ || rc == -95 /* EOPNOTSUPP */ || rc == -524 /* ENOTSUPP */) {
      int vs = lookupSize();
      for (int i = 0; i < count; i++) {
        update(
            java.util.Arrays.copyOfRange(keys, i * keySize, (i + 1) * keySize),
            java.util.Arrays.copyOfRange(values, i * vs, (i + 1) * vs),
            flags);
      }
      return;
    }
    if (rc == -Bpf.E2BIG || rc == -Bpf.ENOSPC || rc == -Bpf.ENOMEM) {
      throw new MapFullException(name, maxEntries, -rc);
    }
    if (rc < 0) {
      Bpf.check(rc, "batch update of map " + name);
    }
  }

  /** Pins this map at a path. */
  public void pin(String path) {
    Bpf.pin(fd, path);
  }

  private void checkSizes(byte[] key, byte[] value) {
    if (key.length != keySize) {
      throw new DatapathException(
          "map " + name + ": key of " + key.length + " bytes, expected " + keySize);
    }
    int expected = perCpu() ? lookupSize() : valueSize;
    if (value.length != expected) {
      throw new DatapathException(
          "map " + name + ": value of " + value.length + " bytes, expected " + expected);
    }
  }

  @Override
  public void close() {
    if (ownsFd) {
      Bpf.closeFd(fd);
    }
  }
}
