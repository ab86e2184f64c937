package io.fulcrum.kubernetes.desired;

import static io.fulcrum.kubernetes.Fixtures.lb;
import static io.fulcrum.kubernetes.Fixtures.ready;
import static io.fulcrum.kubernetes.Fixtures.slice;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fulcrum.datapath.Backend;
import io.fulcrum.kubernetes.ServiceRef;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** desired(): address allocation, sharing, dual stack, status across restarts and leaders. */
class DesiredAllocationTest extends DesiredFixture {
  @Test
  void exhaustedPoolGivesOneWarningAndAFalseCondition() {
    services.add(lb("a", 80));
    services.add(lb("b", 80));
    services.add(lb("c", 80));
    DesiredState d = run();
    assertThat(d.services().get(new ServiceRef("default", "c")).pendingReason())
        .contains("AddressPoolExhausted");
    assertThat(d.events())
        .filteredOn(e -> e.name().equals("c"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.type()).isEqualTo("Warning");
              assertThat(e.reason()).isEqualTo("AddressPoolExhausted");
            });
    applyStatus(d);
    DesiredState again = run();
    assertThat(again.events()).isEmpty();
    assertThat(again.statusPatches()).isEmpty();
    // freeing an address lets the waiting Service in
    services.removeIf(s -> s.getMetadata().getName().equals("a"));
    DesiredState after = run();
    assertThat(after.services().get(new ServiceRef("default", "c")).addresses())
        .containsExactly(ip("198.18.0.10"));
  }

  @Test
  void requestedAddressTakenByAnotherServiceIsAWarning() {
    services.add(
        new ServiceBuilder(lb("first", 80))
            .editMetadata()
            .withAnnotations(Map.of(Annotations.LOAD_BALANCER_IPS, "198.18.0.11"))
            .endMetadata()
            .build());
    services.add(
        new ServiceBuilder(lb("second", 80))
            .editSpec()
            .withLoadBalancerIP("198.18.0.11")
            .endSpec()
            .build());
    DesiredState d = run();
    assertThat(d.services().get(new ServiceRef("default", "first")).addresses())
        .containsExactly(ip("198.18.0.11"));
    assertThat(d.events())
        .filteredOn(e -> e.name().equals("second"))
        .extracting(EventSpec::reason)
        .containsExactly("AddressInUse");
  }

  @Test
  void sharingKeyLetsTwoServicesShareOneAddress() {
    Map<String, String> share = Map.of(Annotations.ALLOW_SHARED_IP, "team-a");
    services.add(
        new ServiceBuilder(lb("web", 80))
            .editMetadata()
            .withAnnotations(share)
            .endMetadata()
            .build());
    services.add(
        new ServiceBuilder(lb("dns", 53))
            .editMetadata()
            .withAnnotations(share)
            .endMetadata()
            .build());
    DesiredState d = run();
    assertThat(d.specs().keySet())
        .containsExactlyInAnyOrder(key("198.18.0.10", 80), key("198.18.0.10", 53));
  }

  @Test
  void dualStackServiceGetsBothFamiliesWithTheirOwnBackends() {
    services.add(
        new ServiceBuilder(lb("dual", 80))
            .editSpec()
            .withIpFamilies("IPv4", "IPv6")
            .withIpFamilyPolicy("RequireDualStack")
            .endSpec()
            .build());
    slices.add(
        slice("default", "dual", "dual-4", "IPv4", "http", 8080, ready("198.18.100.1", "node-a")));
    slices.add(
        slice(
            "default", "dual", "dual-6", "IPv6", "http", 8080, ready("2001:db8:100::1", "node-a")));
    DesiredState d = run();
    assertThat(d.specs().get(key("198.18.0.10", 80)).backends())
        .extracting(Backend::address)
        .containsExactly(ip("198.18.100.1"));
    assertThat(d.specs().get(key("2001:db8::10", 80)).backends())
        .extracting(Backend::address)
        .containsExactly(ip("2001:db8:100::1"));
    assertThat(d.statusPatches().get(0).ingress()).hasSize(2);
  }

  @Test
  void addressesInStatusSurviveARestartWhateverTheOrder() {
    // "late" was created after "early" but already holds the first address (status written before)
    Service early =
        new ServiceBuilder(lb("early", 80))
            .editMetadata()
            .withCreationTimestamp("2026-01-01T00:00:00Z")
            .endMetadata()
            .build();
    Service late =
        new ServiceBuilder(lb("late", 80))
            .editMetadata()
            .withCreationTimestamp("2026-01-02T00:00:00Z")
            .endMetadata()
            .withNewStatus()
            .withNewLoadBalancer()
            .addNewIngress()
            .withIp("198.18.0.10")
            .withIpMode("VIP")
            .endIngress()
            .endLoadBalancer()
            .endStatus()
            .build();
    services.addAll(List.of(early, late));
    DesiredState d = run();
    assertThat(d.services().get(new ServiceRef("default", "late")).addresses())
        .containsExactly(ip("198.18.0.10"));
    assertThat(d.services().get(new ServiceRef("default", "early")).addresses())
        .containsExactly(ip("198.18.0.11"));
  }

  @Test
  void pendingAllocationsAreHonouredBeforeTheStatusLands() {
    services.add(lb("a", 80));
    pending.put(new ServiceRef("default", "a"), List.of(ip("198.18.0.11")));
    services.add(lb("b", 81));
    DesiredState d = run();
    assertThat(d.allocations().get(new ServiceRef("default", "a")))
        .containsExactly(ip("198.18.0.11"));
    assertThat(d.allocations().get(new ServiceRef("default", "b")))
        .containsExactly(ip("198.18.0.10"));
  }

  @Test
  void followerTakesAddressesFromStatusOnlyAndAllocatesNothing() {
    services.add(lb("a", 80));
    DesiredState follower = run(false);
    assertThat(follower.specs()).isEmpty();
    assertThat(follower.services().get(new ServiceRef("default", "a")).pendingReason())
        .contains("leader");
    DesiredState leader = run(true);
    applyStatus(leader);
    assertThat(run(false).specs().keySet()).containsExactly(key("198.18.0.10", 80));
  }

  @Test
  void serviceLeavingOurClassHasItsStatusCleared() {
    services.add(lb("a", 80));
    applyStatus(run());
    services.set(
        0,
        new ServiceBuilder(services.get(0))
            .editSpec()
            .withLoadBalancerClass("example.com/other")
            .endSpec()
            .build());
    DesiredState d = run();
    assertThat(d.specs()).isEmpty();
    assertThat(d.statusPatches())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.ingress()).isEmpty();
              assertThat(p.conditions()).isEmpty();
            });
    applyStatus(d);
    assertThat(run().statusPatches()).isEmpty();
  }
}
