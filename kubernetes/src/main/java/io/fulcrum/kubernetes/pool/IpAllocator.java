package io.fulcrum.kubernetes.pool;

import io.fulcrum.kubernetes.ServiceRef;
import io.fulcrum.kubernetes.pool.AllocationResult.Allocated;
import io.fulcrum.kubernetes.pool.AllocationResult.Failed;
import io.fulcrum.kubernetes.pool.AllocationResult.Failure;
import java.math.BigInteger;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Hands out pool addresses to Services. Pure: no I/O, no clock, no randomness; the same pools and
 * the same sequence of calls give the same addresses. An address is held by one Service, or by
 * several that carry the same sharing key and use disjoint ports; it is never handed out twice
 * otherwise.
 *
 * <p>Not thread-safe: build one per computation.
 */
public final class IpAllocator {

  /** Who holds an address, and with which ports. */
  private record Holder(ServiceRef service, String sharingKey, Set<PortKey> ports) {}

  private final List<Pool> pools;
  private final Map<InetAddress, List<Holder>> holders = new HashMap<>();
  private final Map<ServiceRef, List<InetAddress>> byService = new HashMap<>();

  /** Per sharing key, the addresses held under it (kept sorted for determinism). */
  private final Map<String, LinkedHashSet<InetAddress>> shared = new HashMap<>();

  /** Per pool and range: no free address below first + cursor. */
  private final Map<IpRange, BigInteger> cursors = new HashMap<>();

  public IpAllocator(List<Pool> pools) {
    List<Pool> sorted = new ArrayList<>(pools);
    sorted.sort(Comparator.comparing(Pool::name));
    this.pools = List.copyOf(sorted);
  }

  public List<Pool> pools() {
    return pools;
  }

  /**
   * Gives the Service its addresses. The Service's previous addresses are kept when they still fit
   * (requested addresses unchanged, in a pool that selects it, of a wanted family, not taken by
   * another); otherwise new ones are chosen. On failure the Service holds nothing.
   */
  public AllocationResult allocate(AllocationRequest request, List<InetAddress> previous) {
    release(request.service());
    List<Pool> eligible = new ArrayList<>();
    for (Pool p : pools) {
      if (request.pool() != null && !request.pool().equals(p.name())) {
        continue;
      }
      if (p.selects(request.serviceLabels(), request.namespaceLabels())) {
        eligible.add(p);
      }
    }
    if (request.pool() != null && eligible.isEmpty()) {
      return new Failed(
          Failure.NO_SUCH_POOL,
          "pool " + request.pool() + " does not exist or does not select " + request.service());
    }
    AllocationResult result =
        request.requested().isEmpty()
            ? chooseAddresses(request, eligible, previous == null ? List.of() : previous)
            : takeRequested(request, eligible);
    if (result instanceof Allocated a) {
      for (InetAddress address : a.addresses()) {
        hold(address, request);
      }
    }
    return result;
  }

  /** Forgets the addresses of a Service (deleted, or no longer ours). */
  public void release(ServiceRef service) {
    List<InetAddress> addresses = byService.remove(service);
    if (addresses == null) {
      return;
    }
    for (InetAddress a : addresses) {
      List<Holder> hs = holders.get(a);
      hs.removeIf(h -> h.service().equals(service));
      if (hs.isEmpty()) {
        holders.remove(a);
        BigInteger n = IpAddresses.toNumber(a);
        for (var e : cursors.entrySet()) {
          IpRange r = e.getKey();
          if (r.contains(a) && n.subtract(r.first()).compareTo(e.getValue()) < 0) {
            e.setValue(n.subtract(r.first()));
          }
        }
      }
      if (!holders.containsKey(a)) {
        shared.values().forEach(m -> m.remove(a));
      }
    }
  }

  /** The addresses a Service holds now (empty if none). */
  public List<InetAddress> addressesOf(ServiceRef service) {
    return byService.getOrDefault(service, List.of());
  }

  /** The Services holding an address. */
  public Set<ServiceRef> holdersOf(InetAddress address) {
    Set<ServiceRef> out = new HashSet<>();
    for (Holder h : holders.getOrDefault(address, List.of())) {
      out.add(h.service());
    }
    return out;
  }

  /** Every address held, with its holders. */
  public Map<InetAddress, Set<ServiceRef>> allHeld() {
    Map<InetAddress, Set<ServiceRef>> out = new LinkedHashMap<>();
    holders.keySet().forEach(a -> out.put(a, holdersOf(a)));
    return Collections.unmodifiableMap(out);
  }

  private AllocationResult takeRequested(AllocationRequest request, List<Pool> eligible) {
    Set<IpFamily> seen = new HashSet<>();
    for (InetAddress a : request.requested()) {
      if (!seen.add(IpFamily.of(a))) {
        return new Failed(
            Failure.INVALID_REQUEST,
            "more than one " + IpFamily.of(a).kubernetesName() + " address requested");
      }
    }
    for (InetAddress a : request.requested()) {
      boolean inPool = eligible.stream().anyMatch(p -> p.offers(a));
      if (!inPool) {
        return new Failed(
            Failure.ADDRESS_NOT_IN_POOL,
            "requested address "
                + IpAddresses.text(a)
                + " is in no pool that serves "
                + request.service());
      }
      String conflict = conflict(a, request);
      if (conflict != null) {
        return new Failed(
            Failure.ADDRESS_IN_USE,
            "requested address " + IpAddresses.text(a) + " is in use by " + conflict);
      }
    }
    return new Allocated(request.requested());
  }

  private AllocationResult chooseAddresses(
      AllocationRequest request, List<Pool> eligible, List<InetAddress> previous) {
    List<InetAddress> out = new ArrayList<>();
    List<IpFamily> wanted = new ArrayList<>(request.requiredFamilies());
    wanted.addAll(request.optionalFamilies());
    for (IpFamily family : wanted) {
      boolean required = request.requiredFamilies().contains(family);
      InetAddress kept = null;
      for (InetAddress p : previous) {
        if (IpFamily.of(p) == family
            && eligible.stream().anyMatch(pool -> pool.offers(p))
            && conflict(p, request) == null) {
          kept = p;
          break;
        }
      }
      InetAddress chosen = kept != null ? kept : pick(family, request, eligible);
      if (chosen == null) {
        if (required) {
          return new Failed(
              Failure.POOL_EXHAUSTED,
              "no free "
                  + family.kubernetesName()
                  + " address in "
                  + (eligible.isEmpty()
                      ? "any pool that serves " + request.service()
                      : poolNames(eligible)));
        }
        continue;
      }
      out.add(chosen);
    }
    return new Allocated(out);
  }

  private InetAddress pick(IpFamily family, AllocationRequest request, List<Pool> eligible) {
    List<Pool> auto = new ArrayList<>();
    for (Pool p : eligible) {
      if ((p.autoAssign() || request.pool() != null) && p.hasFamily(family)) {
        auto.add(p);
      }
    }
    // an address already shared under the same key comes first
    if (request.sharingKey() != null) {
      Set<InetAddress> candidates = shared.get(request.sharingKey());
      if (candidates != null) {
        for (InetAddress a : candidates) {
          if (IpFamily.of(a) == family
              && auto.stream().anyMatch(p -> p.offers(a))
              && conflict(a, request) == null) {
            return a;
          }
        }
      }
    }
    for (Pool p : auto) {
      for (IpRange r : p.ranges()) {
        if (r.family() != family) {
          continue;
        }
        InetAddress a = firstFree(p, r);
        if (a != null) {
          return a;
        }
      }
    }
    return null;
  }

  private InetAddress firstFree(Pool pool, IpRange range) {
    BigInteger offset = cursors.getOrDefault(range, BigInteger.ZERO);
    BigInteger size = range.size();
    while (offset.compareTo(size) < 0) {
      InetAddress a = IpAddresses.fromNumber(range.first().add(offset), range.family());
      boolean buggy = pool.avoidBuggyIps() && IpAddresses.isBuggyIpv4(a);
      if (!buggy && !holders.containsKey(a)) {
        cursors.put(range, offset);
        return a;
      }
      offset = offset.add(BigInteger.ONE);
    }
    cursors.put(range, offset);
    return null;
  }

  /** Null when the request may hold the address, else who is in the way. */
  private String conflict(InetAddress address, AllocationRequest request) {
    List<Holder> hs = holders.get(address);
    if (hs == null || hs.isEmpty()) {
      return null;
    }
    for (Holder h : hs) {
      if (h.service().equals(request.service())) {
        continue;
      }
      if (request.sharingKey() == null || !request.sharingKey().equals(h.sharingKey())) {
        return h.service() + " (no common sharing key)";
      }
      for (PortKey port : request.ports()) {
        if (h.ports().contains(port)) {
          return h.service()
              + " (port "
              + port.port()
              + "/"
              + port.protocol().name()
              + " used by both)";
        }
      }
    }
    return null;
  }

  private void hold(InetAddress address, AllocationRequest request) {
    holders
        .computeIfAbsent(address, k -> new ArrayList<>())
        .add(new Holder(request.service(), request.sharingKey(), request.ports()));
    byService.computeIfAbsent(request.service(), k -> new ArrayList<>()).add(address);
    if (request.sharingKey() != null) {
      shared.computeIfAbsent(request.sharingKey(), k -> new LinkedHashSet<>()).add(address);
    }
  }

  private static String poolNames(List<Pool> pools) {
    List<String> names = new ArrayList<>();
    pools.forEach(p -> names.add(p.name()));
    return "pools " + String.join(", ", names);
  }
}
