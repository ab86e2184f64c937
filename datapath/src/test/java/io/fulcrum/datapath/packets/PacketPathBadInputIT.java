package io.fulcrum.datapath.packets;

import static io.fulcrum.datapath.packets.PacketRig.CLIENT4;
import static io.fulcrum.datapath.packets.PacketRig.CLIENT6;
import static io.fulcrum.datapath.packets.PacketRig.CLIENT_MAC;
import static io.fulcrum.datapath.packets.PacketRig.NODE4;
import static io.fulcrum.datapath.packets.PacketRig.VIP4;
import static io.fulcrum.datapath.packets.PacketRig.VIP6;
import static io.fulcrum.datapath.packets.PacketRig.ip;
import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.datapath.DropReason;
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
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input as a table: description, packet, verdict, drop reason. No bad packet reaches a backend:
 * the verdict says so, the per-backend counters do not move, and the drop counter of exactly the
 * expected reason moves by one (or none moves when the packet is passed).
 */
class PacketPathBadInputIT {
  static PacketRig rig;

  @BeforeAll
  static void setUp() {
    Capabilities.requireKernelTestRig();
    rig = new PacketRig();
    for (boolean v6 : new boolean[] {false, true}) {
      rig.service(v6, Protocol.TCP, 80, NatMode.FULL_NAT, Duration.ZERO, 8080, 1, 2, 3);
      rig.service(v6, Protocol.UDP, 53, NatMode.FULL_NAT, Duration.ZERO, 8053, 1, 2, 3);
      rig.service(v6, Protocol.SCTP, 3868, NatMode.FULL_NAT, Duration.ZERO, 3868, 1, 2, 3);
    }
  }

  @AfterAll
  static void tearDown() {
    if (rig != null) {
      rig.close();
    }
  }

  /** A row; reason null = passed to the kernel untouched, no drop counted. */
  record Row(String description, Supplier<byte[]> packet, XdpVerdict verdict, DropReason reason) {
    @Override
    public String toString() {
      return description;
    }
  }

  static PacketBuilder v4() {
    return PacketBuilder.ipv4(CLIENT4, VIP4).macs(CLIENT_MAC, "02:00:00:00:00:aa");
  }

  static PacketBuilder v6() {
    return PacketBuilder.ipv6(CLIENT6, VIP6).macs(CLIENT_MAC, "02:00:00:00:00:aa");
  }

  static Row drop(String d, Supplier<byte[]> p, DropReason r) {
    return new Row(d, p, XdpVerdict.DROP, r);
  }

  static Row pass(String d, Supplier<byte[]> p) {
    return new Row(d, p, XdpVerdict.PASS, null);
  }

  static Stream<Row> table() {
    return Stream.of(
        drop(
            "IPv4 TCP header cut short",
            () -> v4().ipLength(30).tcp(1, 80).truncate(14 + 30).build(),
            DropReason.TRUNCATED),
        drop(
            "IPv4 UDP header cut short",
            () -> v4().ipLength(24).udp(1, 53).truncate(14 + 24).build(),
            DropReason.TRUNCATED),
        drop(
            "IPv4 SCTP header cut short",
            () -> v4().ipLength(28).sctp(1, 3868).truncate(14 + 28).build(),
            DropReason.TRUNCATED),
        drop(
            "IPv4 ICMP header cut short",
            () -> v4().ipLength(24).echoRequest(1, 1).truncate(14 + 24).build(),
            DropReason.TRUNCATED),
        drop(
            "IPv4 total length beyond the frame",
            () -> v4().ipLength(1000).tcp(1, 80).build(),
            DropReason.BAD_IP_LEN),
        drop(
            "IPv4 total length below the header",
            () -> v4().ipLength(12).tcp(1, 80).build(),
            DropReason.BAD_IP_LEN),
        drop("IPv4 IHL below 5", () -> v4().ihl(4).tcp(1, 80).build(), DropReason.BAD_IP_LEN),
        drop(
            "IPv4 frame cut inside the TCP header",
            () -> v4().tcp(1, 80).truncate(14 + 30).build(),
            DropReason.BAD_IP_LEN),
        drop(
            "IPv4 first fragment",
            () -> v4().fragment(true, 0).udp(1, 53).build(),
            DropReason.FRAGMENT),
        drop(
            "IPv4 later fragment",
            () -> v4().fragment(false, 100).udp(1, 53).build(),
            DropReason.FRAGMENT),
        drop(
            "IPv6 TCP header cut short",
            () -> v6().ipLength(10).tcp(1, 80).truncate(14 + 50).build(),
            DropReason.TRUNCATED),
        drop(
            "IPv6 payload length beyond the frame",
            () -> v6().ipLength(900).udp(1, 53).build(),
            DropReason.BAD_IP_LEN),
        drop(
            "IPv6 fragment header",
            () -> v6().fragment(true, 0).udp(1, 53).build(),
            DropReason.FRAGMENT),
        drop(
            "IPv6 hop-by-hop header",
            () -> v6().hopByHop().tcp(1, 80).build(),
            DropReason.IPV6_EXT_HDR),
        pass(
            "IPv4 GRE to the VIP (no such service)",
            () -> v4().protocol(47).payload(new byte[24]).build()),
        pass(
            "IPv6 unknown next header 253 to the VIP",
            () -> v6().protocol(253).payload(new byte[24]).build()),
        pass("TCP to a VIP port without service", () -> v4().tcp(1, 81).syn().build()),
        pass("SCTP to a VIP port without service", () -> v6().sctp(1, 3869).build()),
        pass(
            "TCP to an address that is no VIP",
            () -> PacketBuilder.ipv4(CLIENT4, NODE4).tcp(1, 80).build()),
        pass(
            "fragment to an address that is no VIP",
            () -> PacketBuilder.ipv4(CLIENT4, NODE4).fragment(true, 0).udp(1, 53).build()),
        pass("frame of a bare Ethernet header", () -> new byte[14]),
        pass(
            "ARP-sized frame of another ethertype",
            () -> {
              byte[] f = new byte[60];
              f[12] = (byte) 0x88;
              f[13] = (byte) 0xb5;
              return f;
            }),
        pass(
            "IPv4 header cut short (addresses unreadable)",
            () -> v4().tcp(1, 80).truncate(14 + 12).build()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void badInputNeverReachesABackend(Row row) {
    byte[] in = row.packet().get();
    long before = rig.backendPackets();
    Map<DropReason, Long> drops = rig.drops();
    TestRunResult r = rig.fromClient(in);
    assertThat(r.verdict()).isEqualTo(row.verdict());
    assertThat(rig.backendPackets()).as("backend counters").isEqualTo(before);
    Map<DropReason, Long> after = rig.drops();
    for (DropReason d : DropReason.values()) {
      long delta = after.get(d) - drops.get(d);
      assertThat(delta).as("drops of %s", d).isEqualTo(d == row.reason() ? 1 : 0);
    }
    if (row.verdict() == XdpVerdict.PASS) {
      assertThat(HexFormat.of().formatHex(r.output()))
          .as("passed untouched")
          .isEqualTo(HexFormat.of().formatHex(in));
    }
  }

  @Test
  void randomFramesAreNeverForwarded() {
    Random rnd = new Random(20261125);
    long before = rig.backendPackets();
    byte[] vip = ip(VIP4).getAddress();
    for (int i = 0; i < 400; i++) {
      byte[] f = new byte[14 + rnd.nextInt(200)];
      rnd.nextBytes(f);
      if (i % 2 == 0 && f.length >= 34) { // IPv4 to the VIP with random everything else
        f[12] = 0x08;
        f[13] = 0x00;
        System.arraycopy(vip, 0, f, 30, 4);
      }
      TestRunResult r = rig.fromClient(f);
      assertThat(r.verdict()).as("frame %d", i).isIn(XdpVerdict.PASS, XdpVerdict.DROP);
    }
    assertThat(rig.backendPackets()).isEqualTo(before);
  }

  @Test
  void ipv4OptionsAreKeptAndTheFlowIsTranslated() {
    ServiceKey key = new ServiceKey(ip(VIP4), 80, Protocol.TCP);
    InetAddress client = ip(CLIENT4);
    byte[] options = {(byte) 0x94, 0x04, 0x00, 0x00}; // router alert
    byte[] in =
        PacketBuilder.ipv4(CLIENT4, VIP4)
            .macs(CLIENT_MAC, rig.macA)
            .ipOptions(options)
            .tcp(45000, 80)
            .syn()
            .build();
    TestRunResult r = rig.fromClient(in);
    PacketView out = PacketView.parse(r.output());
    InetAddress be = rig.expectedBackend(key, client, 45000);
    byte[] expected =
        PacketBuilder.ipv4(NODE4, be.getHostAddress())
            .macs(rig.macB, PacketRig.macOf(be))
            .ipOptions(options)
            .tcp(out.sport, 8080)
            .syn()
            .build();
    assertThat(out.checksumErrors()).isEmpty();
    assertThat(r.verdict()).isEqualTo(XdpVerdict.REDIRECT);
    assertThat(HexFormat.of().formatHex(r.output())).isEqualTo(HexFormat.of().formatHex(expected));
  }

  @Test
  void vlanTaggedFlowIsTranslatedAndHandedToTheKernel() {
    ServiceKey key = new ServiceKey(ip(VIP6), 53, Protocol.UDP);
    InetAddress client = ip(CLIENT6);
    byte[] in =
        PacketBuilder.ipv6(CLIENT6, VIP6)
            .macs(CLIENT_MAC, rig.macA)
            .vlan(42)
            .udp(45001, 53)
            .payload("q")
            .build();
    TestRunResult r = rig.fromClient(in);
    PacketView out = PacketView.parse(r.output());
    InetAddress be = rig.expectedBackend(key, client, 45001);
    byte[] expected =
        PacketBuilder.ipv6(PacketRig.NODE6, be.getHostAddress())
            .macs(CLIENT_MAC, rig.macA)
            .vlan(42)
            .udp(out.sport, 8053)
            .payload("q")
            .build();
    assertThat(out.checksumErrors()).isEmpty();
    assertThat(r.verdict()).isEqualTo(XdpVerdict.PASS);
    assertThat(HexFormat.of().formatHex(r.output())).isEqualTo(HexFormat.of().formatHex(expected));
  }
}
