package io.fulcrum.kubernetes.desired;

import java.util.Objects;

/**
 * A Kubernetes Event to record on an object.
 *
 * @param kind Service or FulcrumIPPool
 * @param namespace empty for cluster-scoped objects
 * @param type Warning or Normal
 */
public record EventSpec(
    String kind,
    String namespace,
    String name,
    String uid,
    String type,
    String reason,
    String message) {
  public EventSpec {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
  }

  public static final String WARNING = "Warning";
  public static final String NORMAL = "Normal";
}
