package io.fulcrum.bgp.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fulcrum.testrig.Capabilities;
import io.fulcrum.testrig.bgp.FrrBfdd;
import io.fulcrum.testrig.bgp.FrrRouter;
import java.time.Duration;
import java.util.List;
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
      long t0Wall = System.currentTimeMillis();
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
      long seen = (downAt - t0) / 1_000_000;
      // bfdd's own log says when it declared the session down (vtysh polling adds its latency)
      long ms = downLoggedAt(bfdd.log()) - t0Wall;
      System.out.println(
          "BFD down declared by bfdd after " + ms + " ms (seen through vtysh after " + seen + ")");
      assertThat(ms).isLessThan(1000);
      assertThat(peer(bfdd).path("diagnostic").asText()).contains("detection time expired");
      await()
          .atMost(Duration.ofSeconds(3))
          .until(() -> s.query("status").stream().anyMatch(l -> l.contains("bfd=DOWN")));
    }
  }

  @Test
  void deadNodesRouteLeavesTheRoutersTableWellBeforeTheHoldTime() throws Exception {
    Capabilities.requireKernelTestRig();
    // two nodes on the bridge: it stays up when node 1's link drops, so only BFD can tell
    try (Fabric fabric = new Fabric(2)) {
      FrrRouter frr =
          fabric.add(
              FrrRouter.start(
                  fabric.router(),
                  65000,
                  "198.18.0.1",
                  List.of(new FrrRouter.Neighbor(Fabric.nodeV4(1), 65001)),
                  true));
      SpeakerProcess s = fabric.add(SpeakerProcess.start(fabric.node(1)));
      s.command("speaker 65001 198.18.0.11 -1 -1 false");
      s.command("peer " + Fabric.ROUTER_V4 + " 65000 families=4 hold=9 bfd=300/300/3");
      s.awaitEvent(e -> e.contains(" UP "), Duration.ofSeconds(60));
      s.command("announce 198.19.0.20/32");
      await()
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> fabric.router().exec("ip", "route", "show", "198.19.0.20").contains("via"));
      await()
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                JsonNode p = JSON.readTree(frr.vtysh("bfdd", "show bfd peers json")).get(0);
                return p != null
                    && "up".equals(p.path("status").asText())
                    && p.path("remote-transmit-interval").asInt() == 300;
              });
      Thread.sleep(1000); // both sides past their Poll sequences, at 300 ms

      long t0 = System.nanoTime();
      fabric.node(1).exec("ip", "link", "set", fabric.link(1).nameA(), "down");
      long goneAt = -1;
      while (System.nanoTime() - t0 < 9_000_000_000L) {
        if (!fabric.router().exec("ip", "route", "show", "198.19.0.20").contains("via")) {
          goneAt = System.nanoTime();
          break;
        }
        Thread.sleep(20);
      }
      assertThat(goneAt).as("route left the router's table before the hold time").isPositive();
      long ms = (goneAt - t0) / 1_000_000;
      System.out.println("dead node's route left the router's kernel table after " + ms + " ms");
      assertThat(ms).as("BFD, not the 9 s hold timer").isLessThan(2000);
    }
  }

  private static final java.util.regex.Pattern LOG_TIME =
      java.util.regex.Pattern.compile(
          "^(\\d{4}/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{6}).*up -> down");

  /** Epoch millis of bfdd's "up -> down" log line. */
  private static long downLoggedAt(String log) {
    for (String line : log.split("\n")) {
      java.util.regex.Matcher m = LOG_TIME.matcher(line);
      if (m.find()) {
        java.time.LocalDateTime t =
            java.time.LocalDateTime.parse(
                m.group(1),
                java.time.format.DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss.SSSSSS"));
        return t.atZone(java.time.ZoneId.systemDefault()).toInstant().toEpochMilli();
      }
    }
    throw new AssertionError("bfdd logged no up -> down change:\n" + log);
  }
}
