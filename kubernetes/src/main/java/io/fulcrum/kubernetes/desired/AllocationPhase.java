package io.fulcrum.kubernetes.desired;

import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fulcrum.datapath.Protocol;
import io.fulcrum.kubernetes.ServiceRef;
import io.fulcrum.kubernetes.pool.AllocationRequest;
import io.fulcrum.kubernetes.pool.AllocationResult;
import io.fulcrum.kubernetes.pool.FamilyPolicy;
import io.fulcrum.kubernetes.pool.FulcrumIPPool;
import io.fulcrum.kubernetes.pool.IpAddresses;
import io.fulcrum.kubernetes.pool.IpAllocator;
import io.fulcrum.kubernetes.pool.IpFamily;
import io.fulcrum.kubernetes.pool.Pool;
import io.fulcrum.kubernetes.pool.PortKey;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Gives every Fulcrum Service its addresses, from the pools and what each Service held before (its
 * status, or an allocation not yet written there). Pure and deterministic: Services that held
 * addresses go first (so a restart or a new leader keeps every address where it was), then the
 * others by creation time and name.
 */
public final class AllocationPhase {
  private AllocationPhase() {}

  /**
   * One Service's outcome.
   *
   * @param failure null when the Service got its addresses (or, as a follower, was not given any)
   * @param annotationErrors problems with the address annotations (the previous addresses stay)
   */
  public record Outcome(
      List<InetAddress> addresses, AllocationResult.Failed failure, List<String> annotationErrors) {
    public Outcome {
      addresses = List.copyOf(addresses);
      annotationErrors = List.copyOf(annotationErrors);
    }
  }

  /** The result: outcomes per Service, and Events for pools that could not be read. */
  public record Result(Map<ServiceRef, Outcome> outcomes, List<EventSpec> poolEvents) {}

  /**
   * @param services the Fulcrum Services only
   * @param pending addresses allocated earlier and perhaps not yet in the Services' status
   * @param allocate true on the leader: choose addresses; false: take them from status only
   */
  public static Result run(
      List<Service> services,
      List<FulcrumIPPool> poolResources,
      Map<String, Map<String, String>> namespaceLabels,
      Map<ServiceRef, List<InetAddress>> pending,
      boolean allocate) {
    List<Pool> pools = new ArrayList<>();
    List<EventSpec> poolEvents = new ArrayList<>();
    for (FulcrumIPPool r : poolResources) {
      try {
        pools.add(Pool.from(r));
      } catch (IllegalArgumentException e) {
        poolEvents.add(
            new EventSpec(
                "FulcrumIPPool",
                "",
                r.getMetadata().getName(),
                r.getMetadata().getUid(),
                EventSpec.WARNING,
                "InvalidPool",
                e.getMessage()));
      }
    }
    Map<ServiceRef, Outcome> outcomes = new HashMap<>();
    List<Service> ordered = new ArrayList<>(services);
    Map<ServiceRef, List<InetAddress>> previous = new HashMap<>();
    for (Service s : ordered) {
      ServiceRef ref = ServiceFilter.ref(s);
      List<InetAddress> p = pending.get(ref);
      previous.put(ref, p != null ? p : statusAddresses(s));
    }
    ordered.sort(
        Comparator.comparing((Service s) -> previous.get(ServiceFilter.ref(s)).isEmpty())
            .thenComparing(s -> nullToEmpty(s.getMetadata().getCreationTimestamp()))
            .thenComparing(ServiceFilter::ref));
    IpAllocator allocator = new IpAllocator(pools);
    for (Service s : ordered) {
      ServiceRef ref = ServiceFilter.ref(s);
      List<InetAddress> prev = previous.get(ref);
      List<String> errors = new ArrayList<>();
      AllocationRequest request =
          request(
              s,
              namespaceLabels.getOrDefault(s.getMetadata().getNamespace(), Map.of()),
              prev,
              errors);
      if (!allocate) {
        outcomes.put(ref, new Outcome(prev, null, errors));
        continue;
      }
      AllocationResult result = allocator.allocate(request, prev);
      if (result instanceof AllocationResult.Allocated a) {
        outcomes.put(ref, new Outcome(a.addresses(), null, errors));
      } else {
        outcomes.put(ref, new Outcome(List.of(), (AllocationResult.Failed) result, errors));
      }
    }
    return new Result(outcomes, poolEvents);
  }

  /** The addresses in a Service's {@code status.loadBalancer.ingress}. */
  public static List<InetAddress> statusAddresses(Service s) {
    if (s.getStatus() == null
        || s.getStatus().getLoadBalancer() == null
        || s.getStatus().getLoadBalancer().getIngress() == null) {
      return List.of();
    }
    List<InetAddress> out = new ArrayList<>();
    for (LoadBalancerIngress i : s.getStatus().getLoadBalancer().getIngress()) {
      if (i.getIp() != null) {
        try {
          out.add(IpAddresses.parseLiteral(i.getIp()));
        } catch (IllegalArgumentException e) {
          // not an address we could have written: ignore
        }
      }
    }
    return out;
  }

  static AllocationRequest request(
      Service s, Map<String, String> nsLabels, List<InetAddress> previous, List<String> errors) {
    Map<String, String> ann =
        s.getMetadata().getAnnotations() == null ? Map.of() : s.getMetadata().getAnnotations();
    List<InetAddress> requested = new ArrayList<>();
    String ips = ann.get(Annotations.LOAD_BALANCER_IPS);
    String legacy = s.getSpec().getLoadBalancerIP();
    String asked = ips != null ? ips : (legacy == null || legacy.isBlank() ? null : legacy);
    String source = ips != null ? Annotations.LOAD_BALANCER_IPS : "spec.loadBalancerIP";
    if (asked != null) {
      try {
        for (String part : asked.split(",")) {
          if (!part.isBlank()) {
            requested.add(IpAddresses.parseLiteral(part));
          }
        }
      } catch (IllegalArgumentException e) {
        errors.add(source + ": " + e.getMessage());
        requested = new ArrayList<>(previous);
      }
    }
    List<IpFamily> families = new ArrayList<>();
    if (s.getSpec().getIpFamilies() != null) {
      for (String f : s.getSpec().getIpFamilies()) {
        try {
          families.add(IpFamily.parse(f));
        } catch (IllegalArgumentException e) {
          errors.add("spec.ipFamilies: " + e.getMessage());
        }
      }
    }
    if (families.isEmpty() && !requested.isEmpty()) {
      families.add(IpFamily.of(requested.get(0)));
    }
    FamilyPolicy policy;
    try {
      policy = FamilyPolicy.parse(s.getSpec().getIpFamilyPolicy());
    } catch (IllegalArgumentException e) {
      errors.add("spec.ipFamilyPolicy: " + e.getMessage());
      policy = FamilyPolicy.SINGLE_STACK;
    }
    Set<PortKey> ports = new HashSet<>();
    if (s.getSpec().getPorts() != null) {
      for (ServicePort p : s.getSpec().getPorts()) {
        Protocol proto = protocol(p.getProtocol());
        if (proto != null && p.getPort() != null) {
          ports.add(new PortKey(p.getPort(), proto));
        }
      }
    }
    String pool = blankToNull(ann.get(Annotations.ADDRESS_POOL));
    String key = blankToNull(ann.get(Annotations.ALLOW_SHARED_IP));
    return new AllocationRequest(
        ServiceFilter.ref(s),
        s.getMetadata().getLabels(),
        nsLabels,
        families,
        policy,
        requested,
        pool,
        key,
        ports);
  }

  /** TCP when unset, null for a protocol the data plane does not balance. */
  public static Protocol protocol(String p) {
    if (p == null || p.isEmpty()) {
      return Protocol.TCP;
    }
    for (Protocol x : Protocol.values()) {
      if (x.name().equals(p)) {
        return x;
      }
    }
    return null;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
