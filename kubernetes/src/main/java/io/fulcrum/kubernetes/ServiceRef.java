package io.fulcrum.kubernetes;

import java.util.Objects;

/** A Kubernetes Service by namespace and name. Ordered by namespace, then name. */
public record ServiceRef(String namespace, String name) implements Comparable<ServiceRef> {
  public ServiceRef {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
  }

  @Override
  public int compareTo(ServiceRef o) {
    int c = namespace.compareTo(o.namespace);
    return c != 0 ? c : name.compareTo(o.name);
  }

  @Override
  public String toString() {
    return namespace + "/" + name;
  }
}
