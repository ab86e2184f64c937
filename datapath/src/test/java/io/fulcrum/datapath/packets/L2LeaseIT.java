package io.fulcrum.datapath.packets;

import static io.fulcrum.datapath.packets.PacketRig.CLIENT4;
import static io.fulcrum.datapath.packets.PacketRig.CLIENT6;
import static io.fulcrum.datapath.packets.PacketRig.CLIENT_MAC;
import static io.fulcrum.datapath.packets.PacketRig.VIP4;
import static io.fulcrum.datapath.packets.PacketRig.VIP6;
import static io.fulcrum.datapath.packets.PacketRig.ip;
import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.datapath.bpf.TestRunResult;
import io.fulcrum.datapath.bpf.XdpVerdict;
import io.fulcrum.testrig.Capabilities;
import io.fulcrum.testrig.packets.L2Packets;
import io.fulcrum.testrig.packets.PacketBuilder;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** L2 leases written through the binding: answered while granted, silent when revoked or late. */
class L2LeaseIT {
  static final String VIP_MAC = "02:00:00:00:00:99";
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

  static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  @ParameterizedTest(name = "ipv6={0}")
  @ValueSource(booleans = {false, true})
  void vipIsAnsweredOnlyWhileItsLeaseRuns(boolean v6) {
    String vip = v6 ? VIP6 : VIP4;
    byte[] request =
        v6
            ? L2Packets.neighborSolicitation(CLIENT_MAC, CLIENT6, vip)
            : L2Packets.arpRequest(CLIENT_MAC, CLIENT4, vip);
    byte[] answer =
        v6
            ? L2Packets.neighborAdvertisement(VIP_MAC, vip, CLIENT_MAC, CLIENT6)
            : L2Packets.arpReply(VIP_MAC, vip, CLIENT_MAC, CLIENT4);
    // not granted: the kernel's business
    TestRunResult none = rig.fromClient(request);
    assertThat(none.verdict()).isEqualTo(XdpVerdict.PASS);
    assertThat(hex(none.output())).isEqualTo(hex(request));

    rig.dp.grantL2(
        ip(vip), System.nanoTime() + TimeUnit.SECONDS.toNanos(30), PacketBuilder.mac(VIP_MAC));
    TestRunResult r = rig.fromClient(request);
    assertThat(r.verdict()).isEqualTo(XdpVerdict.TX);
    assertThat(hex(r.output())).isEqualTo(hex(answer));

    rig.dp.revokeL2(ip(vip));
    assertThat(rig.fromClient(request).verdict()).isEqualTo(XdpVerdict.PASS);

    // a lease that ran out is not answered, even though it is still in the map
    rig.dp.grantL2(ip(vip), System.nanoTime() - 1, PacketBuilder.mac(VIP_MAC));
    assertThat(rig.fromClient(request).verdict()).isEqualTo(XdpVerdict.PASS);
    rig.dp.revokeL2(ip(vip));
  }
}
