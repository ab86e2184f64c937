package io.fulcrum.kubernetes;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * An immutable map made of {@value #SHARDS} immutable shards, so that a new snapshot after a few
 * changes shares every untouched shard with the previous one: publishing the desired state after
 * one EndpointSlice change copies one shard (about N / 256 entries), not all N.
 */
final class ShardedMap<K, V> extends AbstractMap<K, V> {
  static final int SHARDS = 256;

  private final Map<K, V>[] shards;
  private final int size;

  private ShardedMap(Map<K, V>[] shards, int size) {
    this.shards = shards;
    this.size = size;
  }

  private static int shard(Object key) {
    int h = key.hashCode();
    return (h ^ (h >>> 16)) & (SHARDS - 1);
  }

  @Override
  public V get(Object key) {
    return shards[shard(key)].get(key);
  }

  @Override
  public boolean containsKey(Object key) {
    return shards[shard(key)].containsKey(key);
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public Set<Map.Entry<K, V>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Map.Entry<K, V>> iterator() {
        return new Iterator<>() {
          private int i;
          private Iterator<Map.Entry<K, V>> it = shards[0].entrySet().iterator();

          @Override
          public boolean hasNext() {
            while (!it.hasNext() && i < SHARDS - 1) {
              it = shards[++i].entrySet().iterator();
            }
            return it.hasNext();
          }

          @Override
          public Map.Entry<K, V> next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            return it.next();
          }
        };
      }

      @Override
      public int size() {
        return size;
      }
    };
  }

  /** The mutable side: changes copy a shard once per snapshot; {@link #snapshot} is cheap. */
  static final class Builder<K, V> {
    private final Map<K, V>[] frozen;
    private final Map<K, V>[] working;
    private int size;

    @SuppressWarnings({"unchecked", "rawtypes"})
    Builder() {
      frozen = new Map[SHARDS];
      working = new Map[SHARDS];
      for (int i = 0; i < SHARDS; i++) {
        frozen[i] = Map.of();
      }
    }

    V get(K key) {
      int s = shard(key);
      return working[s] != null ? working[s].get(key) : frozen[s].get(key);
    }

    boolean containsKey(K key) {
      int s = shard(key);
      return working[s] != null ? working[s].containsKey(key) : frozen[s].containsKey(key);
    }

    V put(K key, V value) {
      V old = writable(key).put(key, value);
      if (old == null) {
        size++;
      }
      return old;
    }

    V remove(K key) {
      int s = shard(key);
      if (working[s] == null && !frozen[s].containsKey(key)) {
        return null;
      }
      V old = writable(key).remove(key);
      if (old != null) {
        size--;
      }
      return old;
    }

    private Map<K, V> writable(K key) {
      int s = shard(key);
      if (working[s] == null) {
        working[s] = new HashMap<>(frozen[s]);
      }
      return working[s];
    }

    /** An immutable map of the current content, sharing untouched shards with earlier ones. */
    ShardedMap<K, V> snapshot() {
      for (int i = 0; i < SHARDS; i++) {
        if (working[i] != null) {
          frozen[i] = Map.copyOf(working[i]);
          working[i] = null;
        }
      }
      return new ShardedMap<>(frozen.clone(), size);
    }
  }
}
