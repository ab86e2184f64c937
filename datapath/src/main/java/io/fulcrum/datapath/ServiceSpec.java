package io.fulcrum.datapath;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything the data plane needs to know about one service.
 *
 * @param maglevTableSize Maglev lookup table size; 0 picks a prime of at least 100 entries per
 *     backend; a non-zero value must be prime
 * @param affinityTimeout client-IP session affinity timeout; {@link Duration#ZERO} for none
 * @param dropWhenNoBackend when no backend takes new flows: true drops new flows (counted), false
 *     passes them to the node's kernel
 */
public record ServiceSpec(
    ServiceKey key,
    NatMode mode,
    int maglevTableSize,
    Duration affinityTimeout,
    boolean dropWhenNoBackend,
    List<Backend> backends) {
  public ServiceSpec {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(affinityTimeout, "affinityTimeout");
    backends = List.copyOf(backends);
    if (maglevTableSize < 0) {
      throw new IllegalArgumentException("maglevTableSize must be >= 0");
    }
  }
}
