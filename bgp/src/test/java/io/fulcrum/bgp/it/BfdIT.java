package io.fulcrum.bgp.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fulcrum.testrig.Capabilities;
import io.fulcrum.testrig.bgp.FrrBfdd;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The speaker's BFD against FRR's bfdd: up at 300 ms x 3, and down within a second of a cut. */
class BfdIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode peer(FrrBfdd bfdd) throws Exception {
    return JSON.readTree(bfdd.peersJson()).get(0);
  }

  @Test
  void sessionComesUpAt300MsTimesThreeAndDeadLinkIsDetectedWithinASecond() throws Exception {
    Capabilities.requireKernelTestRig();
    try (Fabric fabric = new Fabric(1)) {
      FrrBfdd bfdd =
          fabric.add(
              FrrBfdd.start(fabric.router(), Fabric.nodeV4(1), Fabric.ROUTER_V4, 300, 300, 3));
      SpeakerProcess s = fabric.add(SpeakerProcess.start(fabric.node(1)));
      s.command("speaker 65001 198.18.0.11 -1 120 false");
      s.command("peer " + Fabric.ROUTER_V4 + " 65000 bfd=300/300/3");
      await()
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> "up".equals(peer(bfdd).path("status").asText()));
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> s.query("status").stream().anyMatch(l -> l.contains("bfd=UP")));
      JsonNode up = peer(bfdd);
      assertThat(up.path("remote-transmit-interval").asInt()).isEqualTo(300);
      assertThat(up.path("remote-receive-interval").asInt()).isEqualTo(300);
      assertThat(up.path("remote-detect-multiplier").asInt()).isEqualTo(3);
      Thread.sleep(2000);
      assertThat(peer(bfdd).path("status").asText()).as("stays up").isEqualTo("up");

      // the node's link goes down: the router must notice within a second
      long t0 = System.nanoTime();
      fabric.node(1).exec("ip", "link", "set", fabric.link(1).nameA(), "down");
      long downAt = -1;
      while (System.nanoTime() - t0 < 3_000_000_000L) {
        if ("down".equals(peer(bfdd).path("status").asText())) {
          downAt = System.nanoTime();
          break;
        }
        Thread.sleep(20);
      }
      assertThat(downAt).as("bfdd declared the session down").isPositive();
      long ms = (downAt - t0) / 1_000_000;
      System.out.println("BFD down detected by bfdd after " + ms + " ms");
      assertThat(ms).isLessThan(1000);
      assertThat(peer(bfdd).path("diagnostic").asText()).contains("detection time expired");
      await()
          .atMost(Duration.ofSeconds(3))
          .until(() -> s.query("status").stream().anyMatch(l -> l.contains("bfd=DOWN")));
    }
  }
}
