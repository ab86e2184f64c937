package io.fulcrum.healthcheck;

import java.util.Objects;

/**
 * Identifies one probed target: the service it belongs to and the backend within it. Both are
 * opaque labels chosen by the caller (they also label the metrics), e.g. {@code ("web",
 * "198.18.0.2:80")}.
 */
public record TargetKey(String service, String backend) {
  public TargetKey {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(backend, "backend");
    if (service.isBlank() || backend.isBlank()) {
      throw new IllegalArgumentException("target key needs a service and a backend name");
    }
  }

  @Override
  public String toString() {
    return service + "/" + backend;
  }
}
