package io.fulcrum.bgp.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fulcrum.testrig.Capabilities;
import io.fulcrum.testrig.Sh;
import io.fulcrum.testrig.bgp.GobgpRouter;
import io.fulcrum.testrig.bgp.GobgpRouter.Neighbor;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * 10,000 malformed or mutated messages from a hostile peer: every one answered with the right
 * NOTIFICATION or ignored as the RFC says; the speaker stays up and its session with the real
 * router (gobgpd) is untouched.
 */
class BgpFuzzIT {
  private static final String FUZZER = "198.18.1.100";

  @Test
  void tenThousandMutatedMessagesNeverHurtTheSpeakerOrItsOtherSessions() {
    Capabilities.requireKernelTestRig();
    try (Fabric fabric = new Fabric(1)) {
      fabric.router().exec("ip", "addr", "add", FUZZER + "/24", "dev", "br0");
      GobgpRouter r =
          fabric.add(
              GobgpRouter.start(
                  fabric.router(),
                  65000,
                  "198.18.0.1",
                  179,
                  List.of(Neighbor.of(Fabric.nodeV4(1), 65001))));
      SpeakerProcess s = fabric.add(SpeakerProcess.start(fabric.node(1)));
      s.command("speaker 65001 198.18.0.11 179 120 false");
      s.command("peer " + Fabric.ROUTER_V4 + " 65000");
      s.command("peer " + FUZZER + " 65099 passive=true");
      s.awaitEvent(
          e -> e.startsWith("SESSION " + Fabric.ROUTER_V4 + " UP"), Duration.ofSeconds(30));
      s.command("announce 198.18.100.9/32");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> Rib.paths(r, "ipv4", "198.18.100.9/32").size() == 1);

      String java = System.getProperty("java.home") + "/bin/java";
      Sh.Result fuzz =
          fabric
              .router()
              .run(
                  java,
                  "-XX:+UseSerialGC",
                  "-cp",
                  System.getProperty("java.class.path"),
                  FuzzPeerMain.class.getName(),
                  Fabric.nodeV4(1),
                  "179",
                  FUZZER,
                  "65099",
                  "65001",
                  "10000",
                  "20261125");
      System.out.println(fuzz.stdout());
      assertThat(fuzz.ok()).as(fuzz.stderr()).isTrue();
      String summary =
          fuzz.stdout().lines().filter(l -> l.startsWith("FUZZ ")).findFirst().orElseThrow();
      assertThat(summary).contains("rounds=10000", "mismatches=0");
      assertThat(s.alive()).as("speaker alive").isTrue();
      assertThat(s.events())
          .as("the router's session never dropped")
          .noneMatch(e -> e.startsWith("SESSION " + Fabric.ROUTER_V4 + " DOWN"));
      assertThat(Rib.paths(r, "ipv4", "198.18.100.9/32")).hasSize(1);
      assertThat(s.query("status"))
          .anyMatch(l -> l.startsWith("STATUS " + Fabric.ROUTER_V4 + " ESTABLISHED"));
    }
  }
}
