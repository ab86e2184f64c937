package io.fulcrum.kubernetes;

import io.fulcrum.datapath.ServiceKey;
import io.fulcrum.datapath.ServiceSpec;
import io.fulcrum.kubernetes.desired.ServiceInfo;
import java.util.Map;
import java.util.Set;

/**
 * What the Kubernetes source wants in the data plane now, with what changed since its previous
 * publication (so a consumer can apply one EndpointSlice change without diffing 10,000 services).
 *
 * @param specs every desired data-plane service
 * @param services per Kubernetes Service: name, addresses, health settings, node-local constraint
 * @param changed keys added or changed since the previous publication
 * @param removed keys gone since the previous publication
 * @param owners the Service each key of {@code changed} belongs to
 * @param generation increases by one per publication
 */
public record KubernetesDesired(
    Map<ServiceKey, ServiceSpec> specs,
    Map<ServiceRef, ServiceInfo> services,
    Set<ServiceKey> changed,
    Set<ServiceKey> removed,
    Map<ServiceKey, ServiceRef> owners,
    long generation) {
  public KubernetesDesired {
    // the source's snapshots are immutable and share structure; anything else is copied
    specs = specs instanceof ShardedMap ? specs : Map.copyOf(specs);
    services = services instanceof ShardedMap ? services : Map.copyOf(services);
    changed = Set.copyOf(changed);
    removed = Set.copyOf(removed);
    owners = Map.copyOf(owners);
  }
}
