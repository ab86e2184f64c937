package io.fulcrum.datapath.packets;

import static io.fulcrum.datapath.packets.PacketRig.CLIENT4;
import static io.fulcrum.datapath.packets.PacketRig.CLIENT6;
import static io.fulcrum.datapath.packets.PacketRig.CLIENT_MAC;
import static io.fulcrum.datapath.packets.PacketRig.ip;
import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.datapath.Backend;
import io.fulcrum.datapath.BackendState;
import io.fulcrum.datapath.NatMode;
import io.fulcrum.datapath.Protocol;
import io.fulcrum.datapath.ServiceKey;
import io.fulcrum.datapath.ServiceSpec;
import io.fulcrum.datapath.bpf.TestRunResult;
import io.fulcrum.datapath.bpf.XdpVerdict;
import io.fulcrum.testrig.Capabilities;
import io.fulcrum.testrig.packets.PacketBuilder;
import io.fulcrum.testrig.packets.PacketView;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Backend choice over many flows: Maglev, stickiness, affinity, conntrack expiry. */
class PacketPathFlowsIT {
  static PacketRig rig;

  @BeforeAll
  static void setUp() {
    Capabilities.requireKernelTestRig();
    rig = new PacketRig();
  }

  @AfterAll
  static void tearDown() {
    if (rig != null) {
      rig.close();
    }
  }

  static InetAddress client(boolean v6, int i) {
    return ip(v6 ? "2001:db8:1::" + Integer.toHexString(i) : "198.18.1." + i);
  }

  /** Sends a packet from the client side and returns the backend it was sent to. */
  static InetAddress send(ServiceKey key, InetAddress client, int cport, int flags) {
    PacketBuilder b = PacketBuilder.ip(client, key.vip()).macs(CLIENT_MAC, rig.macA);
    b = key.protocol() == Protocol.UDP ? b.udp(cport, key.port()) : b.tcp(cport, key.port());
    TestRunResult r = rig.fromClient(b.flags(flags).payload("x").build());
    PacketView v = PacketView.parse(r.output());
    assertThat(v.checksumErrors()).isEmpty();
    // client 198.18.1.x has no neighbour entry for x != 1: the kernel gets it after translation
    assertThat(r.verdict()).isIn(XdpVerdict.REDIRECT, XdpVerdict.PASS);
    return v.dst;
  }

  @ParameterizedTest(name = "ipv6={0}")
  @ValueSource(booleans = {false, true})
  void newFlowsFollowTheMaglevTableAndReachEveryBackend(boolean v6) {
    ServiceSpec s =
        rig.service(v6, Protocol.TCP, 90, NatMode.FULL_NAT, Duration.ZERO, 8080, 1, 2, 3);
    Map<InetAddress, Integer> hits = new HashMap<>();
    InetAddress c = ip(v6 ? CLIENT6 : CLIENT4);
    for (int port = 40000; port < 40300; port++) {
      InetAddress got = send(s.key(), c, port, PacketBuilder.TCP_SYN);
      assertThat(got).isEqualTo(rig.expectedBackend(s.key(), c, port));
      hits.merge(got, 1, Integer::sum);
    }
    assertThat(hits).hasSize(3);
    hits.values().forEach(n -> assertThat(n).isGreaterThan(60));
  }

  @ParameterizedTest(name = "ipv6={0}")
  @ValueSource(booleans = {false, true})
  void existingFlowsKeepTheirBackendWhenTheBackendSetChanges(boolean v6) {
    ServiceSpec s =
        rig.service(v6, Protocol.TCP, 91, NatMode.FULL_NAT, Duration.ZERO, 8080, 1, 2, 3);
    InetAddress c = ip(v6 ? CLIENT6 : CLIENT4);
    Map<Integer, InetAddress> first = new HashMap<>();
    for (int port = 41000; port < 41040; port++) {
      first.put(port, send(s.key(), c, port, PacketBuilder.TCP_SYN));
    }
    // two more backends: the table changes under the open flows
    rig.service(v6, Protocol.TCP, 91, NatMode.FULL_NAT, Duration.ZERO, 8080, 1, 2, 3, 4, 5);
    int wouldMove = 0;
    for (var e : first.entrySet()) {
      if (!rig.expectedBackend(s.key(), c, e.getKey()).equals(e.getValue())) {
        wouldMove++;
      }
      assertThat(send(s.key(), c, e.getKey(), PacketBuilder.TCP_ACK)).isEqualTo(e.getValue());
    }
    assertThat(wouldMove).as("flows the new table maps elsewhere").isGreaterThan(0);
    // a new flow follows the new table
    assertThat(send(s.key(), c, 41999, PacketBuilder.TCP_SYN))
        .isEqualTo(rig.expectedBackend(s.key(), c, 41999));
  }

  @ParameterizedTest(name = "ipv6={0}")
  @ValueSource(booleans = {false, true})
  void affinityKeepsAClientOnOneBackendAcrossConnections(boolean v6) {
    ServiceSpec s =
        rig.service(v6, Protocol.TCP, 92, NatMode.FULL_NAT, Duration.ofSeconds(300), 8080, 1, 2, 3);
    Set<InetAddress> seen = new HashSet<>();
    for (int i = 1; i <= 30; i++) {
      InetAddress c = client(v6, i);
      InetAddress expected = rig.backendFor(s.key(), JHash.client(c));
      for (int port = 42000; port < 42005; port++) {
        assertThat(send(s.key(), c, port, PacketBuilder.TCP_SYN)).isEqualTo(expected);
      }
      seen.add(expected);
    }
    assertThat(seen).hasSize(3);
  }

  @ParameterizedTest(name = "ipv6={0}")
  @ValueSource(booleans = {false, true})
  void drainingBackendKeepsItsFlowsUntilTheyExpire(boolean v6) throws Exception {
    ServiceSpec s =
        rig.service(v6, Protocol.UDP, 93, NatMode.FULL_NAT, Duration.ZERO, 8080, 1, 2, 3);
    InetAddress c = ip(v6 ? CLIENT6 : CLIENT4);
    InetAddress was = send(s.key(), c, 43000, 0);
    List<Backend> drained = new ArrayList<>();
    for (Backend b : s.backends()) {
      drained.add(
          b.address().equals(was)
              ? new Backend(b.address(), b.port(), 1, BackendState.DRAINING)
              : b);
    }
    rig.dp.apply(new ServiceSpec(s.key(), s.mode(), 0, Duration.ZERO, false, drained));
    assertThat(send(s.key(), c, 43000, 0)).as("sticky while tracked").isEqualTo(was);
    // the rig's UDP timeout is 2 s: after it the next packet is a new flow
    Thread.sleep(3200);
    InetAddress now = send(s.key(), c, 43000, 0);
    assertThat(now).isNotEqualTo(was).isEqualTo(rig.expectedBackend(s.key(), c, 43000));
    // and the draining backend took no new flow meanwhile
    for (int port = 43100; port < 43200; port++) {
      assertThat(send(s.key(), c, port, 0)).isNotEqualTo(was);
    }
  }
}
