package io.fulcrum.agent.bgp;

import static io.fulcrum.agent.testing.Specs.backend;
import static io.fulcrum.agent.testing.Specs.ip;
import static io.fulcrum.agent.testing.Specs.key;
import static io.fulcrum.agent.testing.Specs.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.agent.config.BgpSection;
import io.fulcrum.bgp.AnnounceMode;
import io.fulcrum.datapath.Backend;
import io.fulcrum.datapath.BackendState;
import io.fulcrum.datapath.Protocol;
import io.fulcrum.datapath.ServiceKey;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnnouncePlannerTest {
  private static BgpSection section(AnnounceMode mode) {
    return new BgpSection(
        true,
        65001,
        ip("198.18.0.1"),
        null,
        mode,
        BgpSection.GracefulRestart.DEFAULT,
        new BgpSection.Attributes(10L, null, null, null, null),
        List.of(),
        Map.of("web", new BgpSection.Attributes(20L, null, List.of(7L), null, null)),
        List.of());
  }

  private static Backend down(int n) {
    Backend b = backend(n);
    return new Backend(b.address(), b.port(), b.weight(), BackendState.DOWN);
  }

  @Test
  void withoutElectionEveryVipWithAHealthyBackendIsAnnouncedWithItsAttributes() {
    AnnouncePlanner p = new AnnouncePlanner(section(AnnounceMode.OWNER_ONLY), false);
    p.service(key(1), "web", spec(key(1), backend(1)));
    p.service(key(2), "dns", spec(key(2), backend(2)));
    AnnouncePlanner.Change web = p.decide(ip("198.18.100.1"));
    assertThat(web.withdraw()).isFalse();
    assertThat(web.attributes().med()).isEqualTo(20L);
    assertThat(web.attributes().communities()).containsExactly(7L);
    assertThat(p.decide(ip("198.18.100.2")).attributes().med()).isEqualTo(10L);
    assertThat(p.decide(ip("198.18.100.1"))).as("nothing changed").isNull();
    assertThat(p.announced()).hasSize(2);
  }

  @Test
  void nodeLocalVipIsAnnouncedOnlyWhileThisNodeHasALocalEndpointInEveryMode() {
    for (AnnounceMode mode : AnnounceMode.values()) {
      AnnouncePlanner p = new AnnouncePlanner(section(mode), false);
      p.service(key(1), "web", spec(key(1), backend(1)));
      p.service(key(2), "dns", spec(key(2), backend(2)));
      assertThat(p.local(java.util.Set.of(ip("198.18.100.1")), java.util.Set.of()))
          .containsExactly(ip("198.18.100.1"));
      assertThat(p.decide(ip("198.18.100.1"))).as("%s: not servable here", mode).isNull();
      assertThat(p.decide(ip("198.18.100.2")).withdraw()).as("%s: not node-local", mode).isFalse();
      // a local endpoint becomes ready here: announced; it goes away: withdrawn, saying why
      p.local(java.util.Set.of(ip("198.18.100.1")), java.util.Set.of(ip("198.18.100.1")));
      assertThat(p.decide(ip("198.18.100.1")).withdraw()).isFalse();
      p.local(java.util.Set.of(ip("198.18.100.1")), java.util.Set.of());
      AnnouncePlanner.Change c = p.decide(ip("198.18.100.1"));
      assertThat(c.withdraw()).isTrue();
      assertThat(c.reason()).contains("externalTrafficPolicy: Local");
      // no longer node-local: announced again
      assertThat(p.local(java.util.Set.of(), java.util.Set.of()))
          .containsExactly(ip("198.18.100.1"));
      assertThat(p.decide(ip("198.18.100.1")).withdraw()).isFalse();
    }
  }

  @Test
  void aServiceWithNoHealthyBackendIsWithdrawnAndComesBackWhenOneRecovers() {
    AnnouncePlanner p = new AnnouncePlanner(section(AnnounceMode.OWNER_ONLY), false);
    p.service(key(1), "web", spec(key(1), backend(1), backend(2)));
    assertThat(p.decide(ip("198.18.100.1")).withdraw()).isFalse();
    p.service(key(1), "web", spec(key(1), down(1), backend(2)));
    assertThat(p.decide(ip("198.18.100.1"))).as("one backend still up").isNull();
    p.service(key(1), "web", spec(key(1), down(1), down(2)));
    AnnouncePlanner.Change c = p.decide(ip("198.18.100.1"));
    assertThat(c.withdraw()).isTrue();
    assertThat(c.reason()).contains("no healthy backend in web");
    p.service(key(1), "web", spec(key(1), down(1), backend(2)));
    assertThat(p.decide(ip("198.18.100.1")).withdraw()).isFalse();
  }

  @Test
  void drainingOrZeroWeightBackendsDoNotCountAsHealthy() {
    AnnouncePlanner p = new AnnouncePlanner(section(AnnounceMode.OWNER_ONLY), false);
    Backend b = backend(1);
    p.service(
        key(1),
        "web",
        spec(
            key(1),
            new Backend(b.address(), 8080, 100, BackendState.DRAINING),
            new Backend(b.address(), 8081, 0, BackendState.UP)));
    assertThat(p.decide(ip("198.18.100.1"))).isNull();
    assertThat(p.announced()).isEmpty();
  }

  @Test
  void aVipStaysAnnouncedWhileAnyServiceOnItIsHealthy() {
    AnnouncePlanner p = new AnnouncePlanner(section(AnnounceMode.OWNER_ONLY), false);
    ServiceKey dns = new ServiceKey(ip("198.18.100.1"), 53, Protocol.UDP);
    p.service(key(1), "web", spec(key(1), down(1)));
    p.service(dns, "dns", spec(dns, backend(2)));
    AnnouncePlanner.Change c = p.decide(ip("198.18.100.1"));
    assertThat(c.withdraw()).isFalse();
    assertThat(c.attributes().med()).as("web's attributes: first service by name").isEqualTo(20L);
    p.service(dns, "dns", null);
    assertThat(p.decide(ip("198.18.100.1")).withdraw()).isTrue();
    p.service(key(1), "web", null);
    assertThat(p.decide(ip("198.18.100.1"))).isNull();
    assertThat(p.vips()).isEmpty();
  }

  @Test
  void withElectionOnlyOwnedVipsAreAnnounced() {
    AnnouncePlanner p = new AnnouncePlanner(section(AnnounceMode.OWNER_ONLY), true);
    p.service(key(1), "web", spec(key(1), backend(1)));
    assertThat(p.decide(ip("198.18.100.1"))).isNull();
    p.ownership(ip("198.18.100.1"), true);
    assertThat(p.decide(ip("198.18.100.1")).reason()).startsWith("owned");
    p.ownership(ip("198.18.100.1"), false);
    AnnouncePlanner.Change c = p.decide(ip("198.18.100.1"));
    assertThat(c.withdraw()).isTrue();
    assertThat(c.reason()).isEqualTo("owned by another node");
  }

  @Test
  void inAllModeEveryHealthyNodeAnnouncesWhateverTheOwner() {
    AnnouncePlanner p = new AnnouncePlanner(section(AnnounceMode.ALL_HEALTHY_NODES), true);
    p.service(key(1), "web", spec(key(1), backend(1)));
    assertThat(p.decide(ip("198.18.100.1")).withdraw()).isFalse();
    p.dataPlaneHealthy(false);
    assertThat(p.decide(ip("198.18.100.1")).reason()).isEqualTo("data plane not healthy");
  }
}
