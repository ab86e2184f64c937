package io.fulcrum.healthcheck.it;

import io.fulcrum.healthcheck.CheckType;
import io.fulcrum.healthcheck.TargetKey;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PingProbeIT extends NamespaceProbeBase {

  @ParameterizedTest(name = "ipv4={0}")
  @ValueSource(booleans = {true, false})
  void blackholedEchoTimesOut(boolean ipv4) {
    TargetKey key = watch("ping-drop", ipv4, 0, settings(CheckType.PING).build());
    breakAndRepair(
        key,
        () -> rig.blackhole(ipv4 ? "icmp type echo-request" : "icmpv6 type echo-request"),
        rig::heal,
        "timeout");
  }

  @ParameterizedTest(name = "ipv4={0}")
  @ValueSource(booleans = {true, false})
  void hostLosingItsAddressGoesDownAndComesBack(boolean ipv4) {
    TargetKey key = watch("ping-gone", ipv4, 0, settings(CheckType.PING).build());
    String cidr = ipv4 ? Rig.SERVER_V4 + "/24" : Rig.SERVER_V6 + "/64";
    breakAndRepair(
        key,
        () -> rig.server.exec("ip", "addr", "del", cidr, "dev", rig.link.nameB()),
        () -> rig.server.exec("ip", "addr", "add", cidr, "dev", rig.link.nameB(), "nodad"),
        "timeout");
  }
}
