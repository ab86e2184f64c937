package io.fulcrum.datapath.packets;

import static io.fulcrum.datapath.packets.PacketRig.CLIENT4;
import static io.fulcrum.datapath.packets.PacketRig.CLIENT6;
import static io.fulcrum.datapath.packets.PacketRig.CLIENT_MAC;
import static io.fulcrum.datapath.packets.PacketRig.NODE4;
import static io.fulcrum.datapath.packets.PacketRig.NODE6;
import static io.fulcrum.datapath.packets.PacketRig.ip;
import static io.fulcrum.testrig.packets.PacketBuilder.TCP_ACK;
import static io.fulcrum.testrig.packets.PacketBuilder.TCP_FIN;
import static io.fulcrum.testrig.packets.PacketBuilder.TCP_RST;
import static io.fulcrum.testrig.packets.PacketBuilder.TCP_SYN;
import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.datapath.Backend;
import io.fulcrum.datapath.BackendState;
import io.fulcrum.datapath.NatMode;
import io.fulcrum.datapath.Protocol;
import io.fulcrum.datapath.ServiceSpec;
import io.fulcrum.datapath.bpf.TestRunResult;
import io.fulcrum.datapath.bpf.XdpVerdict;
import io.fulcrum.testrig.Capabilities;
import io.fulcrum.testrig.packets.PacketBuilder;
import io.fulcrum.testrig.packets.PacketView;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A packet that finds a tracked flow: does it continue that flow, or open a new connection on the
 * same 4-tuple (a client reusing its port)? A table through BPF_PROG_TEST_RUN: each row opens a TCP
 * flow to the backend the Maglev table gives, takes it through a history (established, closed by
 * FIN or RST, or left at its first SYN), changes the backend's state, then sends one client packet
 * on the same 4-tuple and checks the verdict, the exact output packet (its destination: the old
 * backend or the table's new choice) and whether it was counted as a new flow.
 */
class PacketPathReopenIT {
  static PacketRig rig;
  static final AtomicInteger SERVICE_PORT = new AtomicInteger(200);

  /** What the flow saw before the test packet. */
  enum History {
    /** A SYN only: no answer yet. */
    SYN_SENT,
    /** SYN, SYN-ACK, ACK. */
    ESTABLISHED,
    /** Established, then FIN both ways and the last ACK. */
    CLOSED_BY_FIN,
    /** Established, then a RST from the backend. */
    CLOSED_BY_RST
  }

  /** Where the test packet must go. */
  enum Expect {
    /** The flow's old backend, old source port; not a new flow. */
    SAME_FLOW,
    /** A new flow: the backend the table gives now (never a backend that takes no new flow). */
    NEW_FLOW
  }

  record Row(
      String description,
      boolean v6,
      History history,
      BackendState state,
      int flags,
      Expect expect) {
    @Override
    public String toString() {
      return description;
    }
  }

  static Stream<Row> table() {
    return Stream.of(
        new Row(
            "IPv4 SYN on an entry closed by RST, its backend DOWN: new flow elsewhere",
            false,
            History.CLOSED_BY_RST,
            BackendState.DOWN,
            TCP_SYN,
            Expect.NEW_FLOW),
        new Row(
            "IPv4 SYN on an entry closed by FIN, its backend DOWN: new flow elsewhere",
            false,
            History.CLOSED_BY_FIN,
            BackendState.DOWN,
            TCP_SYN,
            Expect.NEW_FLOW),
        new Row(
            "IPv4 ACK on an established entry, its backend DOWN: keeps its backend",
            false,
            History.ESTABLISHED,
            BackendState.DOWN,
            TCP_ACK,
            Expect.SAME_FLOW),
        new Row(
            "IPv4 FIN-ACK on an established entry, its backend DOWN: keeps its backend",
            false,
            History.ESTABLISHED,
            BackendState.DOWN,
            TCP_FIN | TCP_ACK,
            Expect.SAME_FLOW),
        new Row(
            "IPv4 retransmitted SYN of an unanswered flow, its backend DOWN: new flow elsewhere",
            false,
            History.SYN_SENT,
            BackendState.DOWN,
            TCP_SYN,
            Expect.NEW_FLOW),
        new Row(
            "IPv4 SYN on an established entry, its backend DOWN: new flow elsewhere",
            false,
            History.ESTABLISHED,
            BackendState.DOWN,
            TCP_SYN,
            Expect.NEW_FLOW),
        new Row(
            "IPv4 SYN on an entry closed by FIN, its backend DRAINING: new flow elsewhere",
            false,
            History.CLOSED_BY_FIN,
            BackendState.DRAINING,
            TCP_SYN,
            Expect.NEW_FLOW),
        new Row(
            "IPv4 ACK on an established entry, its backend DRAINING: keeps its backend",
            false,
            History.ESTABLISHED,
            BackendState.DRAINING,
            TCP_ACK,
            Expect.SAME_FLOW),
        new Row(
            "IPv4 SYN on an entry closed by FIN, its backend UP: new flow through the table",
            false,
            History.CLOSED_BY_FIN,
            BackendState.UP,
            TCP_SYN,
            Expect.NEW_FLOW),
        new Row(
            "IPv4 retransmitted SYN of an unanswered flow, its backend UP: same flow",
            false,
            History.SYN_SENT,
            BackendState.UP,
            TCP_SYN,
            Expect.SAME_FLOW),
        new Row(
            "IPv6 SYN on an entry closed by RST, its backend DOWN: new flow elsewhere",
            true,
            History.CLOSED_BY_RST,
            BackendState.DOWN,
            TCP_SYN,
            Expect.NEW_FLOW),
        new Row(
            "IPv6 SYN on an entry closed by FIN, its backend DOWN: new flow elsewhere",
            true,
            History.CLOSED_BY_FIN,
            BackendState.DOWN,
            TCP_SYN,
            Expect.NEW_FLOW),
        new Row(
            "IPv6 ACK on an established entry, its backend DOWN: keeps its backend",
            true,
            History.ESTABLISHED,
            BackendState.DOWN,
            TCP_ACK,
            Expect.SAME_FLOW));
  }

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

  static byte[] tcp(
      InetAddress src,
      InetAddress dst,
      String srcMac,
      String dstMac,
      int sport,
      int dport,
      int flags,
      String payload) {
    return PacketBuilder.ip(src, dst)
        .macs(srcMac, dstMac)
        .tcp(sport, dport)
        .flags(flags)
        .payload(payload)
        .build();
  }

  static PacketView assertForwarded(TestRunResult r) {
    PacketView v = PacketView.parse(r.output());
    assertThat(v.checksumErrors()).as("independent checksum check of %s", v).isEmpty();
    assertThat(r.verdict()).as("verdict for %s", v).isEqualTo(XdpVerdict.REDIRECT);
    return v;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void aPacketOnATrackedTupleContinuesTheFlowOrOpensANewOne(Row row) {
    int port = SERVICE_PORT.incrementAndGet();
    ServiceSpec s =
        rig.service(row.v6, Protocol.TCP, port, NatMode.FULL_NAT, Duration.ZERO, 8080, 1, 2, 3);
    InetAddress client = ip(row.v6 ? CLIENT6 : CLIENT4);
    InetAddress node = ip(row.v6 ? NODE6 : NODE4);
    InetAddress vip = s.key().vip();
    int cport = 50000 + port;
    InetAddress was = rig.expectedBackend(s.key(), client, cport);
    String beMac = PacketRig.macOf(was);

    // the flow's history
    PacketView first =
        assertForwarded(
            rig.fromClient(tcp(client, vip, CLIENT_MAC, rig.macA, cport, port, TCP_SYN, "a")));
    assertThat(first.dst).isEqualTo(was);
    int sport = first.sport;
    if (row.history != History.SYN_SENT) {
      assertForwarded(
          rig.fromBackend(tcp(was, node, beMac, rig.macB, 8080, sport, TCP_SYN | TCP_ACK, "b")));
      assertForwarded(
          rig.fromClient(tcp(client, vip, CLIENT_MAC, rig.macA, cport, port, TCP_ACK, "c")));
    }
    if (row.history == History.CLOSED_BY_FIN) {
      assertForwarded(
          rig.fromBackend(tcp(was, node, beMac, rig.macB, 8080, sport, TCP_FIN | TCP_ACK, "d")));
      assertForwarded(
          rig.fromClient(
              tcp(client, vip, CLIENT_MAC, rig.macA, cport, port, TCP_FIN | TCP_ACK, "e")));
      assertForwarded(rig.fromBackend(tcp(was, node, beMac, rig.macB, 8080, sport, TCP_ACK, "f")));
    } else if (row.history == History.CLOSED_BY_RST) {
      assertForwarded(rig.fromBackend(tcp(was, node, beMac, rig.macB, 8080, sport, TCP_RST, "g")));
    }

    // the backend's new state
    List<Backend> changed = new ArrayList<>();
    for (Backend b : s.backends()) {
      changed.add(b.address().equals(was) ? new Backend(was, 8080, 1, row.state) : b);
    }
    rig.dp.apply(new ServiceSpec(s.key(), s.mode(), 0, Duration.ZERO, false, changed));
    long newFlowsBefore = rig.dp.serviceCounters(s.key()).newFlows();

    // the test packet, on the same 4-tuple
    TestRunResult r =
        rig.fromClient(tcp(client, vip, CLIENT_MAC, rig.macA, cport, port, row.flags, "test"));
    PacketView out = assertForwarded(r);
    long counted = rig.dp.serviceCounters(s.key()).newFlows() - newFlowsBefore;
    InetAddress to;
    if (row.expect == Expect.SAME_FLOW) {
      to = was;
      assertThat(out.sport).as("source port of the old flow").isEqualTo(sport);
      assertThat(counted).as("new flows counted").isZero();
    } else {
      to = rig.expectedBackend(s.key(), client, cport);
      if (row.state != BackendState.UP) {
        assertThat(to).as("the table's choice").isNotEqualTo(was);
      }
      assertThat(counted).as("new flows counted").isEqualTo(1);
    }
    byte[] expected =
        tcp(node, to, rig.macB, PacketRig.macOf(to), out.sport, 8080, row.flags, "test");
    assertThat(java.util.HexFormat.of().formatHex(r.output()))
        .as("output packet %s", out)
        .isEqualTo(java.util.HexFormat.of().formatHex(expected));
    // and the backend's answer on the (new) flow reaches the client from the VIP
    TestRunResult back =
        rig.fromBackend(
            tcp(to, node, PacketRig.macOf(to), rig.macB, 8080, out.sport, TCP_ACK, "ok"));
    PacketView v = assertForwarded(back);
    assertThat(v.src).isEqualTo(vip);
    assertThat(v.dport).isEqualTo(cport);
  }

  static byte[] udp(
      InetAddress src,
      InetAddress dst,
      String srcMac,
      String dstMac,
      int sport,
      int dport,
      String payload) {
    return PacketBuilder.ip(src, dst)
        .macs(srcMac, dstMac)
        .udp(sport, dport)
        .payload(payload)
        .build();
  }

  /** The first full-NAT source port the data plane tries for a flow (nat.h: fl_snat_alloc). */
  static int firstSnatPort(InetAddress client, InetAddress vip, int cport, int port) {
    int h = JHash.flow(client, vip, cport, port, Protocol.UDP.number());
    int start = Integer.rotateLeft(h, 16);
    return PacketRig.SNAT_MIN
        + Integer.remainderUnsigned(start, PacketRig.SNAT_MAX - PacketRig.SNAT_MIN + 1);
  }

  /**
   * Flow A expires; flow B takes A's full-NAT source port; then A's client speaks again. A is a new
   * flow and must leave B's entry alone (it is no longer A's peer): B's replies still reach B's
   * client, and A gets another source port.
   */
  @ParameterizedTest(name = "ipv6={0}")
  @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
  void anExpiredFlowComingBackLeavesItsOldSourcePortToTheFlowThatTookIt(boolean v6)
      throws Exception {
    int port = SERVICE_PORT.incrementAndGet();
    ServiceSpec s = rig.service(v6, Protocol.UDP, port, NatMode.FULL_NAT, Duration.ZERO, 8053, 1);
    InetAddress vip = s.key().vip();
    InetAddress node = ip(v6 ? NODE6 : NODE4);
    InetAddress be = s.backends().get(0).address();
    InetAddress clientA = ip(v6 ? CLIENT6 : CLIENT4);
    int portA = 45000;
    PacketView a1 =
        assertForwarded(rig.fromClient(udp(clientA, vip, CLIENT_MAC, rig.macA, portA, port, "a")));
    int taken = a1.sport;
    assertThat(taken).isEqualTo(firstSnatPort(clientA, vip, portA, port));
    // a client B whose first candidate port is the one A holds
    InetAddress clientB = null;
    int portB = 0;
    for (int c = 2; c < 40 && clientB == null; c++) {
      InetAddress cand = ip(v6 ? "2001:db8:1::" + Integer.toHexString(c) : "198.18.1." + c);
      for (int p = 1024; p < 65536; p++) {
        if (firstSnatPort(cand, vip, p, port) == taken) {
          clientB = cand;
          portB = p;
          break;
        }
      }
    }
    assertThat(clientB).as("a client port that hashes to the same source port").isNotNull();
    Thread.sleep(3200); // the rig's UDP timeout is 2 s: A expires
    PacketView b1 =
        PacketView.parse(
            rig.fromClient(udp(clientB, vip, CLIENT_MAC, rig.macA, portB, port, "b")).output());
    assertThat(b1.sport).as("B reclaims A's expired source port").isEqualTo(taken);
    // A speaks again: a new flow, which must not take or delete B's entry
    PacketView a2 =
        assertForwarded(rig.fromClient(udp(clientA, vip, CLIENT_MAC, rig.macA, portA, port, "c")));
    assertThat(a2.sport).as("A's new source port").isNotEqualTo(taken);
    PacketView toB =
        PacketView.parse(
            rig.fromBackend(udp(be, node, PacketRig.macOf(be), rig.macB, 8053, taken, "for b"))
                .output());
    assertThat(toB.checksumErrors()).isEmpty();
    assertThat(toB.src).isEqualTo(vip);
    assertThat(toB.dst).as("B's reply goes to B's client").isEqualTo(clientB);
    assertThat(toB.dport).isEqualTo(portB);
    PacketView toA =
        assertForwarded(
            rig.fromBackend(udp(be, node, PacketRig.macOf(be), rig.macB, 8053, a2.sport, "for a")));
    assertThat(toA.dst).isEqualTo(clientA);
    assertThat(toA.dport).isEqualTo(portA);
  }

  /** Affinity remembers a client's backend; once that backend takes no new flow, it ends. */
  @ParameterizedTest(name = "ipv6={0}")
  @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
  void affinityToABackendSetDownEndsForNewFlows(boolean v6) {
    int port = SERVICE_PORT.incrementAndGet();
    ServiceSpec s =
        rig.service(
            v6, Protocol.TCP, port, NatMode.FULL_NAT, Duration.ofSeconds(300), 8080, 1, 2, 3);
    InetAddress client = ip(v6 ? CLIENT6 : CLIENT4);
    InetAddress vip = s.key().vip();
    InetAddress was = rig.backendFor(s.key(), JHash.client(client));
    PacketView first =
        assertForwarded(
            rig.fromClient(tcp(client, vip, CLIENT_MAC, rig.macA, 44000, port, TCP_SYN, "a")));
    assertThat(first.dst).isEqualTo(was);
    List<Backend> changed = new ArrayList<>();
    for (Backend b : s.backends()) {
      changed.add(b.address().equals(was) ? new Backend(was, 8080, 1, BackendState.DOWN) : b);
    }
    rig.dp.apply(new ServiceSpec(s.key(), s.mode(), 0, Duration.ofSeconds(300), false, changed));
    InetAddress now = rig.backendFor(s.key(), JHash.client(client));
    assertThat(now).isNotEqualTo(was);
    for (int cport = 44001; cport < 44006; cport++) {
      PacketView v =
          assertForwarded(
              rig.fromClient(tcp(client, vip, CLIENT_MAC, rig.macA, cport, port, TCP_SYN, "x")));
      assertThat(v.dst).as("new flow from port %d", cport).isEqualTo(now);
    }
  }
}
