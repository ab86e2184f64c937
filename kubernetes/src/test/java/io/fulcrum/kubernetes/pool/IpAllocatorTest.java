package io.fulcrum.kubernetes.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.datapath.Protocol;
import io.fulcrum.kubernetes.ServiceRef;
import io.fulcrum.kubernetes.pool.AllocationResult.Allocated;
import io.fulcrum.kubernetes.pool.AllocationResult.Failed;
import io.fulcrum.kubernetes.pool.AllocationResult.Failure;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IpAllocatorTest {

  static Pool pool(String name, boolean auto, boolean avoidBuggy, String... ranges) {
    return new Pool(
        name,
        List.of(ranges).stream().map(IpRange::parse).toList(),
        auto,
        avoidBuggy,
        Selector.EVERYTHING,
        Selector.EVERYTHING);
  }

  static InetAddress ip(String s) {
    return IpAddresses.parseLiteral(s);
  }

  static Builder req(String name) {
    return new Builder(name);
  }

  static final class Builder {
    final String name;
    List<IpFamily> families = List.of(IpFamily.IPV4);
    FamilyPolicy policy = FamilyPolicy.SINGLE_STACK;
    List<InetAddress> requested = List.of();
    String pool;
    String key;
    Set<PortKey> ports = Set.of(new PortKey(80, Protocol.TCP));
    Map<String, String> labels = Map.of();
    Map<String, String> nsLabels = Map.of();

    Builder(String name) {
      this.name = name;
    }

    Builder families(FamilyPolicy p, IpFamily... f) {
      policy = p;
      families = List.of(f);
      return this;
    }

    Builder requested(String... a) {
      requested = List.of(a).stream().map(IpAllocatorTest::ip).toList();
      return this;
    }

    Builder pool(String p) {
      pool = p;
      return this;
    }

    Builder share(String k, int... ps) {
      key = k;
      Set<PortKey> s = new HashSet<>();
      for (int p : ps) {
        s.add(new PortKey(p, Protocol.TCP));
      }
      ports = s;
      return this;
    }

    Builder labels(Map<String, String> l) {
      labels = l;
      return this;
    }

    AllocationRequest build() {
      return new AllocationRequest(
          new ServiceRef("default", name),
          labels,
          nsLabels,
          families,
          policy,
          requested,
          pool,
          key,
          ports);
    }
  }

  static List<InetAddress> addrs(AllocationResult r) {
    assertThat(r).isInstanceOf(Allocated.class);
    return ((Allocated) r).addresses();
  }

  static Failure failure(AllocationResult r) {
    assertThat(r).isInstanceOf(Failed.class);
    return ((Failed) r).failure();
  }

  @Test
  void givesAddressesInOrderFromTheFirstPool() {
    IpAllocator a =
        new IpAllocator(
            List.of(
                pool("b", true, false, "198.18.1.0/30"),
                pool("a", true, false, "198.18.0.10-198.18.0.11")));
    assertThat(addrs(a.allocate(req("s1").build(), List.of()))).containsExactly(ip("198.18.0.10"));
    assertThat(addrs(a.allocate(req("s2").build(), List.of()))).containsExactly(ip("198.18.0.11"));
    assertThat(addrs(a.allocate(req("s3").build(), List.of()))).containsExactly(ip("198.18.1.0"));
  }

  @Test
  void exhaustedPoolFailsAndReleaseFreesTheAddress() {
    IpAllocator a = new IpAllocator(List.of(pool("p", true, false, "198.18.0.1-198.18.0.2")));
    addrs(a.allocate(req("s1").build(), List.of()));
    addrs(a.allocate(req("s2").build(), List.of()));
    AllocationResult third = a.allocate(req("s3").build(), List.of());
    assertThat(failure(third)).isEqualTo(Failure.POOL_EXHAUSTED);
    assertThat(a.addressesOf(new ServiceRef("default", "s3"))).isEmpty();
    a.release(new ServiceRef("default", "s1"));
    assertThat(addrs(a.allocate(req("s3").build(), List.of()))).containsExactly(ip("198.18.0.1"));
  }

  @Test
  void neverHandsAnAddressOutTwice() {
    IpAllocator a =
        new IpAllocator(List.of(pool("p", true, false, "198.18.0.0/26", "2001:db8::/122")));
    Set<InetAddress> seen = new HashSet<>();
    int given = 0;
    for (int i = 0; i < 200; i++) {
      Builder b = req("s" + i);
      if (i % 3 == 0) {
        b.families(FamilyPolicy.REQUIRE_DUAL_STACK, IpFamily.IPV4, IpFamily.IPV6);
      } else if (i % 3 == 1) {
        b.families(FamilyPolicy.SINGLE_STACK, IpFamily.IPV6);
      }
      AllocationResult r = a.allocate(b.build(), List.of());
      if (r instanceof Allocated al) {
        for (InetAddress x : al.addresses()) {
          assertThat(seen.add(x)).as("address %s given twice", x).isTrue();
          given++;
        }
      }
      if (i % 7 == 0 && i > 0) {
        ServiceRef gone = new ServiceRef("default", "s" + (i - 7));
        seen.removeAll(a.addressesOf(gone));
        a.release(gone);
      }
    }
    assertThat(given).isGreaterThan(64);
    for (var e : a.allHeld().entrySet()) {
      assertThat(e.getValue()).hasSize(1);
    }
  }

  @Test
  void avoidBuggyIpsSkipsDotZeroAndDot255() {
    IpAllocator a = new IpAllocator(List.of(pool("p", true, true, "198.18.0.254-198.18.1.1")));
    assertThat(addrs(a.allocate(req("s1").build(), List.of()))).containsExactly(ip("198.18.0.254"));
    assertThat(addrs(a.allocate(req("s2").build(), List.of()))).containsExactly(ip("198.18.1.1"));
    assertThat(failure(a.allocate(req("s3").build(), List.of()))).isEqualTo(Failure.POOL_EXHAUSTED);
    assertThat(failure(a.allocate(req("s4").requested("198.18.1.0").build(), List.of())))
        .isEqualTo(Failure.ADDRESS_NOT_IN_POOL);
  }

  @Test
  void withoutAvoidBuggyIpsDotZeroIsHandedOut() {
    IpAllocator a = new IpAllocator(List.of(pool("p", true, false, "198.18.1.0/31")));
    assertThat(addrs(a.allocate(req("s1").build(), List.of()))).containsExactly(ip("198.18.1.0"));
  }

  @Test
  void requestedAddressIsGivenEvenFromAManualPool() {
    IpAllocator a = new IpAllocator(List.of(pool("manual", false, false, "198.18.5.0/24")));
    assertThat(failure(a.allocate(req("auto").build(), List.of())))
        .isEqualTo(Failure.POOL_EXHAUSTED);
    assertThat(addrs(a.allocate(req("s1").requested("198.18.5.7").build(), List.of())))
        .containsExactly(ip("198.18.5.7"));
  }

  @Test
  void requestedAddressTakenByAnotherFails() {
    IpAllocator a = new IpAllocator(List.of(pool("p", true, false, "198.18.0.0/24")));
    addrs(a.allocate(req("s1").requested("198.18.0.9").build(), List.of()));
    AllocationResult r = a.allocate(req("s2").requested("198.18.0.9").build(), List.of());
    assertThat(failure(r)).isEqualTo(Failure.ADDRESS_IN_USE);
    assertThat(((Failed) r).message()).contains("default/s1");
  }

  @Test
  void requestedAddressOutsideEveryPoolFails() {
    IpAllocator a = new IpAllocator(List.of(pool("p", true, false, "198.18.0.0/24")));
    assertThat(failure(a.allocate(req("s1").requested("198.19.0.1").build(), List.of())))
        .isEqualTo(Failure.ADDRESS_NOT_IN_POOL);
  }

  @Test
  void twoRequestedAddressesOfOneFamilyAreInvalid() {
    IpAllocator a = new IpAllocator(List.of(pool("p", true, false, "198.18.0.0/24")));
    assertThat(
            failure(a.allocate(req("s1").requested("198.18.0.1", "198.18.0.2").build(), List.of())))
        .isEqualTo(Failure.INVALID_REQUEST);
  }

  @Test
  void autoAllocationSkipsARequestedAddress() {
    IpAllocator a = new IpAllocator(List.of(pool("p", true, false, "198.18.0.1-198.18.0.3")));
    addrs(a.allocate(req("s1").requested("198.18.0.1").build(), List.of()));
    assertThat(addrs(a.allocate(req("s2").build(), List.of()))).containsExactly(ip("198.18.0.2"));
  }

  @Test
  void sameSharingKeyAndDifferentPortsShareOneAddress() {
    IpAllocator a = new IpAllocator(List.of(pool("p", true, false, "198.18.0.0/24")));
    List<InetAddress> first = addrs(a.allocate(req("web").share("k", 80).build(), List.of()));
    List<InetAddress> second = addrs(a.allocate(req("dns").share("k", 53).build(), List.of()));
    assertThat(second).isEqualTo(first);
    assertThat(a.holdersOf(first.get(0))).hasSize(2);
  }

  @Test
  void sameSharingKeyAndSamePortGetDifferentAddresses() {
    IpAllocator a = new IpAllocator(List.of(pool("p", true, false, "198.18.0.0/24")));
    List<InetAddress> first = addrs(a.allocate(req("a").share("k", 80).build(), List.of()));
    List<InetAddress> second = addrs(a.allocate(req("b").share("k", 80).build(), List.of()));
    assertThat(second).isNotEqualTo(first);
  }

  @Test
  void differentSharingKeysNeverShare() {
    IpAllocator a = new IpAllocator(List.of(pool("p", true, false, "198.18.0.0/24")));
    List<InetAddress> first = addrs(a.allocate(req("a").share("k1", 80).build(), List.of()));
    assertThat(addrs(a.allocate(req("b").share("k2", 81).build(), List.of()))).isNotEqualTo(first);
    assertThat(
            failure(
                a.allocate(req("c").share("k2", 82).requested("198.18.0.0").build(), List.of())))
        .isEqualTo(Failure.ADDRESS_IN_USE);
  }

  @Test
  void requestedSharedAddressWithPortClashFails() {
    IpAllocator a = new IpAllocator(List.of(pool("p", true, false, "198.18.0.0/24")));
    addrs(a.allocate(req("a").share("k", 80, 443).requested("198.18.0.5").build(), List.of()));
    assertThat(
            failure(
                a.allocate(req("b").share("k", 443).requested("198.18.0.5").build(), List.of())))
        .isEqualTo(Failure.ADDRESS_IN_USE);
    assertThat(
            addrs(a.allocate(req("c").share("k", 8080).requested("198.18.0.5").build(), List.of())))
        .containsExactly(ip("198.18.0.5"));
  }

  @Test
  void sharedAddressStaysHeldUntilTheLastHolderGoes() {
    IpAllocator a = new IpAllocator(List.of(pool("p", true, false, "198.18.0.1/32")));
    addrs(a.allocate(req("a").share("k", 80).build(), List.of()));
    addrs(a.allocate(req("b").share("k", 81).build(), List.of()));
    a.release(new ServiceRef("default", "a"));
    assertThat(failure(a.allocate(req("c").build(), List.of()))).isEqualTo(Failure.POOL_EXHAUSTED);
    a.release(new ServiceRef("default", "b"));
    assertThat(addrs(a.allocate(req("c").build(), List.of()))).containsExactly(ip("198.18.0.1"));
  }

  @Test
  void requireDualStackGetsOneAddressOfEachFamily() {
    IpAllocator a =
        new IpAllocator(List.of(pool("p", true, false, "198.18.0.0/24", "2001:db8::/120")));
    List<InetAddress> got =
        addrs(
            a.allocate(
                req("s")
                    .families(FamilyPolicy.REQUIRE_DUAL_STACK, IpFamily.IPV6, IpFamily.IPV4)
                    .build(),
                List.of()));
    assertThat(got).containsExactly(ip("2001:db8::"), ip("198.18.0.0"));
  }

  @Test
  void requireDualStackFailsWithoutTheSecondFamilyAndHoldsNothing() {
    IpAllocator a = new IpAllocator(List.of(pool("p", true, false, "198.18.0.0/24")));
    AllocationResult r =
        a.allocate(
            req("s")
                .families(FamilyPolicy.REQUIRE_DUAL_STACK, IpFamily.IPV4, IpFamily.IPV6)
                .build(),
            List.of());
    assertThat(failure(r)).isEqualTo(Failure.POOL_EXHAUSTED);
    assertThat(((Failed) r).message()).contains("IPv6");
    assertThat(a.allHeld()).isEmpty();
  }

  @Test
  void preferDualStackSettlesForOneFamily() {
    IpAllocator a = new IpAllocator(List.of(pool("p", true, false, "198.18.0.0/24")));
    assertThat(
            addrs(
                a.allocate(
                    req("s")
                        .families(FamilyPolicy.PREFER_DUAL_STACK, IpFamily.IPV4, IpFamily.IPV6)
                        .build(),
                    List.of())))
        .containsExactly(ip("198.18.0.0"));
  }

  @Test
  void singleStackIpv6() {
    IpAllocator a =
        new IpAllocator(
            List.of(pool("p", true, false, "198.18.0.0/24", "2001:db8:1::10-2001:db8:1::11")));
    assertThat(
            addrs(
                a.allocate(
                    req("s").families(FamilyPolicy.SINGLE_STACK, IpFamily.IPV6).build(),
                    List.of())))
        .containsExactly(ip("2001:db8:1::10"));
  }

  @Test
  void previousAddressIsKeptWhenItStillFits() {
    IpAllocator a = new IpAllocator(List.of(pool("p", true, false, "198.18.0.0/24")));
    assertThat(addrs(a.allocate(req("s").build(), List.of(ip("198.18.0.77")))))
        .containsExactly(ip("198.18.0.77"));
    // a previous address that left every pool is replaced
    assertThat(addrs(a.allocate(req("t").build(), List.of(ip("198.19.9.9")))))
        .containsExactly(ip("198.18.0.0"));
  }

  @Test
  void previousAddressTakenByAnotherIsReplaced() {
    IpAllocator a = new IpAllocator(List.of(pool("p", true, false, "198.18.0.0/24")));
    addrs(a.allocate(req("first").build(), List.of(ip("198.18.0.5"))));
    assertThat(addrs(a.allocate(req("second").build(), List.of(ip("198.18.0.5")))))
        .containsExactly(ip("198.18.0.0"));
  }

  @Test
  void reallocatingTheSameServiceIsStable() {
    IpAllocator a = new IpAllocator(List.of(pool("p", true, false, "198.18.0.0/24")));
    List<InetAddress> one = addrs(a.allocate(req("s").build(), List.of()));
    List<InetAddress> two = addrs(a.allocate(req("s").build(), one));
    assertThat(two).isEqualTo(one);
    assertThat(a.allHeld()).hasSize(1);
  }

  @Test
  void namedPoolIsUsedEvenWithoutAutoAssign() {
    IpAllocator a =
        new IpAllocator(
            List.of(
                pool("auto", true, false, "198.18.0.0/24"),
                pool("manual", false, false, "198.18.9.0/24")));
    assertThat(addrs(a.allocate(req("s").pool("manual").build(), List.of())))
        .containsExactly(ip("198.18.9.0"));
    assertThat(failure(a.allocate(req("t").pool("nope").build(), List.of())))
        .isEqualTo(Failure.NO_SUCH_POOL);
  }

  @Test
  void selectorsRestrictWhoMayUseAPool() {
    Pool gold =
        new Pool(
            "gold",
            List.of(IpRange.parse("198.18.7.0/24")),
            true,
            false,
            new Selector(Map.of("tier", "gold"), List.of()),
            Selector.EVERYTHING);
    IpAllocator a = new IpAllocator(List.of(gold));
    assertThat(failure(a.allocate(req("plain").build(), List.of())))
        .isEqualTo(Failure.POOL_EXHAUSTED);
    assertThat(addrs(a.allocate(req("g").labels(Map.of("tier", "gold")).build(), List.of())))
        .containsExactly(ip("198.18.7.0"));
  }

  @Test
  void largePoolAllocatesManyQuickly() {
    IpAllocator a = new IpAllocator(List.of(pool("p", true, false, "198.18.0.0/16")));
    List<InetAddress> all = new ArrayList<>();
    for (int i = 0; i < 20000; i++) {
      all.addAll(addrs(a.allocate(req("s" + i).build(), List.of())));
    }
    assertThat(new HashSet<>(all)).hasSize(20000);
  }
}
