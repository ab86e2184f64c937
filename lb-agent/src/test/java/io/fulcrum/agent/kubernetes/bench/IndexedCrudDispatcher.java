package io.fulcrum.agent.kubernetes.bench;

import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.CrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import java.lang.reflect.Field;
import java.net.HttpURLConnection;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * fabric8's CRUD dispatcher with an index. The stock one finds an object by testing every stored
 * object against the request's attributes (a linear scan under one lock), so each create, update,
 * patch and get by name costs O(objects), and creating 10,000 Services with their EndpointSlices
 * costs O(N²). Here the store is indexed by kind (plural) and name: those requests look at the few
 * objects of that kind and name only. Lists, watches and deletes keep the stock code. The protocol
 * served (REST, watches, resource versions, status sub-resource) is fabric8's own.
 */
public final class IndexedCrudDispatcher extends KubernetesCrudDispatcher {
  private final IndexedMap index = new IndexedMap();

  public IndexedCrudDispatcher() {
    super(List.of());
    try {
      Field f = CrudDispatcher.class.getDeclaredField("map");
      f.setAccessible(true);
      index.putAll(getMap());
      f.set(this, index);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("fabric8's CrudDispatcher has no map field any more", e);
    }
  }

  /**
   * The entry the stock dispatcher would find, looked up by kind and name when the query has both.
   */
  @Override
  public Map.Entry<AttributeSet, String> findResource(AttributeSet query) {
    String id = IndexedMap.identity(query);
    if (id == null) {
      return super.findResource(query);
    }
    return index.find(id, query);
  }

  @Override
  public MockResponse handleGet(String path) {
    AttributeSet query = getAttributeExtractor().fromPath(path);
    String id = IndexedMap.identity(query);
    if (id != null) {
      Map.Entry<AttributeSet, String> e = index.find(id, query);
      if (e != null) {
        return new MockResponse().setResponseCode(HttpURLConnection.HTTP_OK).setBody(e.getValue());
      }
    }
    return super.handleGet(path);
  }

  /** The dispatcher's store with a second map from kind and name to the stored attribute sets. */
  static final class IndexedMap extends AbstractMap<AttributeSet, String> {
    private final Map<AttributeSet, String> store = new LinkedHashMap<>();
    private final Map<String, List<AttributeSet>> byName = new HashMap<>();
    private final List<AttributeSet> unnamed = new ArrayList<>();

    /** "plural/name", or null when the set lacks either. */
    static String identity(AttributeSet s) {
      Attribute plural = s.getAttribute(KubernetesAttributesExtractor.PLURAL);
      Attribute name = s.getAttribute(KubernetesAttributesExtractor.NAME);
      if (plural == null || name == null) {
        return null;
      }
      return plural.getValues() + "/" + name.getValues();
    }

    synchronized Map.Entry<AttributeSet, String> find(String id, AttributeSet query) {
      for (List<AttributeSet> candidates : List.of(byName.getOrDefault(id, List.of()), unnamed)) {
        for (AttributeSet stored : candidates) {
          if (stored.matches(query)) {
            return Map.entry(stored, store.get(stored));
          }
        }
      }
      return null;
    }

    @Override
    public synchronized String put(AttributeSet key, String value) {
      String old = store.put(key, value);
      if (old == null) {
        String id = identity(key);
        if (id == null) {
          unnamed.add(key);
        } else {
          byName.computeIfAbsent(id, k -> new ArrayList<>(1)).add(key);
        }
      }
      return old;
    }

    @Override
    public synchronized String remove(Object key) {
      String old = store.remove(key);
      if (old != null) {
        unindex((AttributeSet) key);
      }
      return old;
    }

    private void unindex(AttributeSet k) {
      String id = identity(k);
      if (id == null) {
        unnamed.remove(k);
      } else {
        List<AttributeSet> l = byName.get(id);
        l.remove(k);
        if (l.isEmpty()) {
          byName.remove(id);
        }
      }
    }

    @Override
    public synchronized String get(Object key) {
      return store.get(key);
    }

    @Override
    public synchronized boolean containsKey(Object key) {
      return store.containsKey(key);
    }

    @Override
    public synchronized void clear() {
      store.clear();
      byName.clear();
      unnamed.clear();
    }

    @Override
    public synchronized int size() {
      return store.size();
    }

    /** Iterated by the stock dispatcher under its own lock (lists, watches, deletes). */
    @Override
    public Set<Map.Entry<AttributeSet, String>> entrySet() {
      return new AbstractSet<>() {
        @Override
        public Iterator<Map.Entry<AttributeSet, String>> iterator() {
          Iterator<Map.Entry<AttributeSet, String>> it = store.entrySet().iterator();
          return new Iterator<>() {
            private Map.Entry<AttributeSet, String> last;

            @Override
            public boolean hasNext() {
              return it.hasNext();
            }

            @Override
            public Map.Entry<AttributeSet, String> next() {
              last = it.next();
              return last;
            }

            @Override
            public void remove() {
              synchronized (IndexedMap.this) {
                it.remove();
                unindex(last.getKey());
              }
            }
          };
        }

        @Override
        public int size() {
          return store.size();
        }
      };
    }
  }
}
