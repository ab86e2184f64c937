package io.fulcrum.healthcheck.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.healthcheck.CheckType;
import io.fulcrum.healthcheck.HealthState;
import io.fulcrum.healthcheck.TargetKey;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UdpProbeIT extends NamespaceProbeBase {

  @ParameterizedTest(name = "ipv4={0}")
  @ValueSource(booleans = {true, false})
  void killedServerIsPortUnreachable(boolean ipv4) {
    int port = ipv4 ? 7101 : 7102;
    TestServers.Server s = servers.udp(port).start();
    try {
      // no reply expected: only an ICMP port unreachable fails the probe
      TargetKey key = watch("udp-kill", ipv4, port, settings(CheckType.UDP).build());
      breakAndRepair(key, s::kill, s::start, "port unreachable");
    } finally {
      s.kill();
    }
  }

  @ParameterizedTest(name = "ipv4={0}")
  @ValueSource(booleans = {true, false})
  void silenceFailsWhenAReplyIsExpected(boolean ipv4) {
    int port = ipv4 ? 7103 : 7104;
    TestServers.Server s = servers.udp(port).start();
    try {
      TargetKey key =
          watch("udp-drop", ipv4, port, settings(CheckType.UDP).expectReply(true).build());
      breakAndRepair(key, () -> rig.blackhole("udp dport " + port), rig::heal, "timeout");
    } finally {
      s.kill();
    }
  }

  @ParameterizedTest(name = "ipv4={0}")
  @ValueSource(booleans = {true, false})
  void wrongReplyFails(boolean ipv4) {
    int port = ipv4 ? 7105 : 7106;
    TestServers.Server s = servers.udp(port).start();
    try {
      TargetKey key =
          watch(
              "udp-expect",
              ipv4,
              port,
              settings(CheckType.UDP).payload("PING").expectReply(true).expect("PONG").build());
      breakAndRepair(
          key,
          () -> s.behaviour.reply = "NOPE",
          () -> s.behaviour.reply = "PONG",
          "unexpected reply");
    } finally {
      s.kill();
    }
  }

  @ParameterizedTest(name = "ipv4={0}")
  @ValueSource(booleans = {true, false})
  void silenceIsFineWhenNoReplyIsExpected(boolean ipv4) throws InterruptedException {
    int port = ipv4 ? 7107 : 7108;
    TestServers.Server s = servers.udp(port).start();
    try {
      TargetKey key = watch("udp-quiet", ipv4, port, settings(CheckType.UDP).build());
      rig.blackhole("udp dport " + port);
      Thread.sleep(downBound().toMillis() * 2);
      assertThat(engine.status(key).orElseThrow().state()).isEqualTo(HealthState.UP);
    } finally {
      s.kill();
    }
  }
}
