package io.fulcrum.agent.config;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The fields of a small YAML mapping, in order, in one array: a backend's {@code {address, port}}
 * costs a few dozen bytes instead of a LinkedHashMap's few hundred (100,000 of them in a large
 * file). Immutable; equal to any map with the same entries. Lookups scan the array, which is what a
 * hash table would cost at these sizes.
 */
final class FieldMap extends AbstractMap<String, YNode.Field> {
  private final YNode.Field[] fields;

  /** The fields in order; keys must be distinct (the reader checks). */
  FieldMap(YNode.Field[] fields, int count) {
    this.fields = Arrays.copyOf(fields, count);
  }

  private int indexOf(Object key) {
    for (int i = 0; i < fields.length; i++) {
      if (fields[i].key().equals(key)) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public YNode.Field get(Object key) {
    int i = indexOf(key);
    return i < 0 ? null : fields[i];
  }

  @Override
  public boolean containsKey(Object key) {
    return indexOf(key) >= 0;
  }

  @Override
  public int size() {
    return fields.length;
  }

  @Override
  public Set<Entry<String, YNode.Field>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Entry<String, YNode.Field>> iterator() {
        return new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < fields.length;
          }

          @Override
          public Entry<String, YNode.Field> next() {
            if (next >= fields.length) {
              throw new NoSuchElementException();
            }
            YNode.Field f = fields[next++];
            return new SimpleImmutableEntry<>(f.key(), f);
          }
        };
      }

      @Override
      public int size() {
        return fields.length;
      }
    };
  }

  /** Collects a mapping's fields; a duplicate key is left to the full reader (it reports it). */
  static final class Builder {
    private static final int SMALL = 16;
    private YNode.Field[] fields = new YNode.Field[4];
    private int count;
    private Map<String, YNode.Field> large;

    void add(YNode.Field f) throws FastYaml.Unsupported {
      if (large != null) {
        if (large.putIfAbsent(f.key(), f) != null) {
          throw new FastYaml.Unsupported("duplicate key");
        }
        return;
      }
      for (int i = 0; i < count; i++) {
        if (fields[i].key().equals(f.key())) {
          throw new FastYaml.Unsupported("duplicate key");
        }
      }
      if (count == SMALL) {
        large = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
          large.put(fields[i].key(), fields[i]);
        }
        large.put(f.key(), f);
        return;
      }
      if (count == fields.length) {
        fields = Arrays.copyOf(fields, count * 2);
      }
      fields[count++] = f;
    }

    Map<String, YNode.Field> build() {
      return large != null ? large : new FieldMap(fields, count);
    }
  }
}
