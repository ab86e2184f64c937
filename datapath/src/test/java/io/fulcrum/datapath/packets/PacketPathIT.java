package io.fulcrum.datapath.packets;

import static io.fulcrum.datapath.packets.PacketRig.CLIENT4;
import static io.fulcrum.datapath.packets.PacketRig.CLIENT6;
import static io.fulcrum.datapath.packets.PacketRig.CLIENT_MAC;
import static io.fulcrum.datapath.packets.PacketRig.NODE4;
import static io.fulcrum.datapath.packets.PacketRig.NODE6;
import static io.fulcrum.datapath.packets.PacketRig.ip;
import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.datapath.NatMode;
import io.fulcrum.datapath.Protocol;
import io.fulcrum.datapath.ServiceKey;
import io.fulcrum.datapath.bpf.TestRunResult;
import io.fulcrum.datapath.bpf.XdpVerdict;
import io.fulcrum.testrig.Capabilities;
import io.fulcrum.testrig.packets.PacketBuilder;
import io.fulcrum.testrig.packets.PacketView;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The XDP program through BPF_PROG_TEST_RUN, as a table (in the style of Katran's test fixtures):
 * each row is a service, a client packet built by the test rig, the verdict and the exact output
 * packet expected, then the backend's reply and the client's next packet. Expected packets are
 * built independently and every output's checksums are recomputed from scratch.
 */
class PacketPathIT {
  static PacketRig rig;
  static final AtomicInteger CLIENT_PORT = new AtomicInteger(31000);

  /** One row: IP version, protocol, NAT mode, service port, backend port (SCTP keeps the port). */
  record Row(String description, boolean v6, Protocol proto, NatMode mode, int port, int bePort) {
    @Override
    public String toString() {
      return description;
    }
  }

  static Stream<Row> natTable() {
    return Stream.of(
        new Row("IPv4 TCP full NAT", false, Protocol.TCP, NatMode.FULL_NAT, 80, 8080),
        new Row("IPv4 UDP full NAT", false, Protocol.UDP, NatMode.FULL_NAT, 53, 8053),
        new Row("IPv4 SCTP full NAT", false, Protocol.SCTP, NatMode.FULL_NAT, 3868, 3868),
        new Row("IPv4 TCP DNAT only", false, Protocol.TCP, NatMode.DNAT, 81, 8081),
        new Row("IPv4 UDP DNAT only", false, Protocol.UDP, NatMode.DNAT, 54, 8054),
        new Row("IPv4 SCTP DNAT only", false, Protocol.SCTP, NatMode.DNAT, 3869, 3869),
        new Row("IPv6 TCP full NAT", true, Protocol.TCP, NatMode.FULL_NAT, 80, 8080),
        new Row("IPv6 UDP full NAT", true, Protocol.UDP, NatMode.FULL_NAT, 53, 8053),
        new Row("IPv6 SCTP full NAT", true, Protocol.SCTP, NatMode.FULL_NAT, 3868, 3868),
        new Row("IPv6 TCP DNAT only", true, Protocol.TCP, NatMode.DNAT, 81, 8081),
        new Row("IPv6 UDP DNAT only", true, Protocol.UDP, NatMode.DNAT, 54, 8054),
        new Row("IPv6 SCTP DNAT only", true, Protocol.SCTP, NatMode.DNAT, 3869, 3869));
  }

  @BeforeAll
  static void setUp() {
    Capabilities.requireKernelTestRig();
    rig = new PacketRig();
    natTable()
        .forEach(r -> rig.service(r.v6, r.proto, r.port, r.mode, Duration.ZERO, r.bePort, 1, 2, 3));
  }

  @AfterAll
  static void tearDown() {
    if (rig != null) {
      rig.close();
    }
  }

  static PacketBuilder l4(PacketBuilder b, Protocol p, int sport, int dport, int tcpFlags) {
    return switch (p) {
      case TCP -> b.tcp(sport, dport).flags(tcpFlags);
      case UDP -> b.udp(sport, dport);
      case SCTP -> b.sctp(sport, dport);
    };
  }

  static void assertSame(TestRunResult r, XdpVerdict verdict, byte[] expected) {
    PacketView got = PacketView.parse(r.output());
    assertThat(got.checksumErrors()).as("independent checksum check of %s", got).isEmpty();
    assertThat(r.verdict()).as("verdict for %s", got).isEqualTo(verdict);
    assertThat(HexFormat.of().formatHex(r.output()))
        .as("output packet %s", got)
        .isEqualTo(HexFormat.of().formatHex(expected));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("natTable")
  void translatesBothWays(Row row) {
    ServiceKey key =
        new ServiceKey(ip(row.v6 ? PacketRig.VIP6 : PacketRig.VIP4), row.port, row.proto);
    InetAddress client = ip(row.v6 ? CLIENT6 : CLIENT4);
    InetAddress node = ip(row.v6 ? NODE6 : NODE4);
    int cport = CLIENT_PORT.incrementAndGet();
    InetAddress backend = rig.expectedBackend(key, client, cport);
    boolean full = row.mode == NatMode.FULL_NAT;

    // 1. client -> vip: DNAT (and SNAT) towards the Maglev-chosen backend, out of interface B
    byte[] req =
        l4(
                PacketBuilder.ip(client, key.vip()).macs(CLIENT_MAC, rig.macA),
                row.proto,
                cport,
                row.port,
                PacketBuilder.TCP_SYN)
            .payload("hello")
            .build();
    TestRunResult r1 = rig.fromClient(req);
    PacketView out = PacketView.parse(r1.output());
    int sport = out.sport;
    if (full && row.proto != Protocol.SCTP) {
      assertThat(sport).isBetween(PacketRig.SNAT_MIN, PacketRig.SNAT_MAX);
    } else {
      assertThat(sport).isEqualTo(cport);
    }
    InetAddress src = full ? node : client;
    byte[] expected1 =
        l4(
                PacketBuilder.ip(src, backend).macs(rig.macB, PacketRig.macOf(backend)),
                row.proto,
                sport,
                row.bePort,
                PacketBuilder.TCP_SYN)
            .payload("hello")
            .build();
    assertSame(r1, XdpVerdict.REDIRECT, expected1);

    // 2. backend -> (node | client): back from the vip, out of interface A
    int synAck = PacketBuilder.TCP_SYN | PacketBuilder.TCP_ACK;
    byte[] reply =
        l4(
                PacketBuilder.ip(backend, src).macs(PacketRig.macOf(backend), rig.macB),
                row.proto,
                row.bePort,
                sport,
                synAck)
            .payload("world")
            .build();
    byte[] expected2 =
        l4(
                PacketBuilder.ip(key.vip(), client).macs(rig.macA, CLIENT_MAC),
                row.proto,
                row.port,
                cport,
                synAck)
            .payload("world")
            .build();
    assertSame(rig.fromBackend(reply), XdpVerdict.REDIRECT, expected2);

    // 3. the client's next packet: same backend, same source port
    byte[] next =
        l4(
                PacketBuilder.ip(client, key.vip()).macs(CLIENT_MAC, rig.macA),
                row.proto,
                cport,
                row.port,
                PacketBuilder.TCP_ACK)
            .payload("again")
            .build();
    byte[] expected3 =
        l4(
                PacketBuilder.ip(src, backend).macs(rig.macB, PacketRig.macOf(backend)),
                row.proto,
                sport,
                row.bePort,
                PacketBuilder.TCP_ACK)
            .payload("again")
            .build();
    assertSame(rig.fromClient(next), XdpVerdict.REDIRECT, expected3);
  }

  static Stream<Row> echoTable() {
    return Stream.of(
        new Row("IPv4 ping to the VIP", false, Protocol.TCP, NatMode.FULL_NAT, 0, 0),
        new Row("IPv6 ping to the VIP", true, Protocol.TCP, NatMode.FULL_NAT, 0, 0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("echoTable")
  void vipAnswersPing(Row row) {
    InetAddress client = ip(row.v6 ? CLIENT6 : CLIENT4);
    InetAddress vip = ip(row.v6 ? PacketRig.VIP6 : PacketRig.VIP4);
    byte[] req =
        PacketBuilder.ip(client, vip)
            .macs(CLIENT_MAC, rig.macA)
            .ttl(57)
            .echoRequest(77, 3)
            .payload("ping")
            .build();
    byte[] expected =
        PacketBuilder.ip(vip, client)
            .macs(rig.macA, CLIENT_MAC)
            .ttl(64)
            .echoReply(77, 3)
            .payload("ping")
            .build();
    assertSame(rig.fromClient(req), XdpVerdict.TX, expected);
  }

  static Stream<Row> icmpErrorTable() {
    return Stream.of(
        new Row(
            "IPv4 fragmentation needed about a UDP flow",
            false,
            Protocol.UDP,
            NatMode.FULL_NAT,
            53,
            8053),
        new Row(
            "IPv4 fragmentation needed about a TCP flow",
            false,
            Protocol.TCP,
            NatMode.FULL_NAT,
            80,
            8080),
        new Row(
            "IPv4 port unreachable about a DNAT-only UDP flow",
            false,
            Protocol.UDP,
            NatMode.DNAT,
            54,
            8054),
        new Row(
            "IPv6 packet too big about a UDP flow", true, Protocol.UDP, NatMode.FULL_NAT, 53, 8053),
        new Row(
            "IPv6 packet too big about a TCP flow",
            true,
            Protocol.TCP,
            NatMode.FULL_NAT,
            80,
            8080));
  }

  /**
   * A router on the backend side reports an error about a packet the balancer sent to a backend:
   * the client gets it about the packet it sent to the VIP (path MTU discovery works).
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("icmpErrorTable")
  void icmpErrorsAboutATranslatedFlowReachTheClient(Row row) {
    ServiceKey key =
        new ServiceKey(ip(row.v6 ? PacketRig.VIP6 : PacketRig.VIP4), row.port, row.proto);
    InetAddress client = ip(row.v6 ? CLIENT6 : CLIENT4);
    InetAddress node = ip(row.v6 ? NODE6 : NODE4);
    InetAddress router = ip(row.v6 ? "2001:db8:2::64" : "198.18.2.100");
    int cport = CLIENT_PORT.incrementAndGet();
    PacketBuilder original =
        l4(PacketBuilder.ip(client, key.vip()), row.proto, cport, row.port, PacketBuilder.TCP_SYN)
            .payload("big");
    TestRunResult r1 = rig.fromClient(original.macs(CLIENT_MAC, rig.macA).build());
    assertThat(r1.verdict()).isEqualTo(XdpVerdict.REDIRECT);
    PacketView sent = PacketView.parse(r1.output());
    InetAddress src = row.mode == NatMode.FULL_NAT ? node : client;
    // the packet as the backend side saw it, quoted whole by the router
    byte[] quoted = java.util.Arrays.copyOfRange(r1.output(), 14, r1.output().length);
    int type = row.v6 ? 2 : 3;
    int code = row.v6 ? 0 : (row.mode == NatMode.DNAT ? 3 : 4);
    int info = row.v6 ? 1280 : 1400;
    byte[] err =
        PacketBuilder.ip(router, src)
            .macs("02:00:00:00:02:64", rig.macB)
            .icmpError(type, code, info, quoted)
            .build();
    assertThat(sent.dst).isEqualTo(rig.expectedBackend(key, client, cport));
    byte[] expected =
        PacketBuilder.ip(key.vip(), client)
            .macs(rig.macA, CLIENT_MAC)
            .icmpError(type, code, info, original.buildIp())
            .build();
    assertSame(rig.fromBackend(err), XdpVerdict.REDIRECT, expected);
  }

  /**
   * The client reports an error about a reply it got from the VIP: the backend gets it about the
   * packet it sent (ORIGINAL direction of the flow).
   */
  @ParameterizedTest(name = "ipv6={0}")
  @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
  void icmpErrorsFromTheClientAboutARepliedPacketReachTheBackend(boolean v6) {
    ServiceKey key = new ServiceKey(ip(v6 ? PacketRig.VIP6 : PacketRig.VIP4), 53, Protocol.UDP);
    InetAddress client = ip(v6 ? CLIENT6 : CLIENT4);
    InetAddress node = ip(v6 ? NODE6 : NODE4);
    int cport = CLIENT_PORT.incrementAndGet();
    TestRunResult r1 =
        rig.fromClient(
            PacketBuilder.ip(client, key.vip())
                .macs(CLIENT_MAC, rig.macA)
                .udp(cport, 53)
                .payload("q")
                .build());
    PacketView sent = PacketView.parse(r1.output());
    InetAddress backend = sent.dst;
    PacketBuilder backendReply =
        PacketBuilder.ip(backend, node).udp(8053, sent.sport).payload("answer");
    TestRunResult r2 =
        rig.fromBackend(backendReply.macs(PacketRig.macOf(backend), rig.macB).build());
    assertThat(r2.verdict()).isEqualTo(XdpVerdict.REDIRECT);
    // the client cannot take the answer: port unreachable, quoting what it received
    byte[] received = java.util.Arrays.copyOfRange(r2.output(), 14, r2.output().length);
    int type = v6 ? 1 : 3;
    int code = v6 ? 4 : 3;
    byte[] err =
        PacketBuilder.ip(client, key.vip())
            .macs(CLIENT_MAC, rig.macA)
            .icmpError(type, code, 0, received)
            .build();
    byte[] expected =
        PacketBuilder.ip(node, backend)
            .macs(rig.macB, PacketRig.macOf(backend))
            .icmpError(type, code, 0, backendReply.buildIp())
            .build();
    assertSame(rig.fromClient(err), XdpVerdict.REDIRECT, expected);
  }

  /** The data plane does not verify L4 checksums; the incremental update must not launder one. */
  @ParameterizedTest(name = "ipv6={0}")
  @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
  void aWrongL4ChecksumStaysWrongAfterTranslation(boolean v6) {
    ServiceKey key = new ServiceKey(ip(v6 ? PacketRig.VIP6 : PacketRig.VIP4), 80, Protocol.TCP);
    InetAddress client = ip(v6 ? CLIENT6 : CLIENT4);
    byte[] bad =
        PacketBuilder.ip(client, key.vip())
            .macs(CLIENT_MAC, rig.macA)
            .tcp(CLIENT_PORT.incrementAndGet(), 80)
            .syn()
            .badL4Checksum()
            .build();
    TestRunResult r = rig.fromClient(bad);
    assertThat(PacketView.parse(r.output()).checksumErrors()).containsExactly("TCP checksum wrong");
  }
}
