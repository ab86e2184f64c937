package io.fulcrum.election;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.testrig.election.ArpCaptureAnalysis;
import io.fulcrum.testrig.election.PingLog;
import java.util.List;
import org.junit.jupiter.api.Test;

class CaptureAnalysisTest {
  private static final String A = "02:00:00:00:00:0a";
  private static final String B = "02:00:00:00:00:0b";

  private static String req(String t) {
    return t
        + " 02:00:00:00:00:03 > ff:ff:ff:ff:ff:ff, ethertype ARP (0x0806), length 60: Request"
        + " who-has 198.18.7.100 tell 198.18.7.3, length 46";
  }

  private static String rep(String t, String mac) {
    return t
        + " "
        + mac
        + " > 02:00:00:00:00:03, ethertype ARP (0x0806), length 42: Reply 198.18.7.100 is-at "
        + mac
        + ", length 28";
  }

  @Test
  void cleanHandOverHasNoSplitBrain() {
    List<String> lines =
        List.of(
            req("1.00"),
            rep("1.001", A),
            req("1.01"),
            req("1.02"),
            rep("1.021", B),
            req("1.03"),
            rep("1.031", B));
    ArpCaptureAnalysis.Result r = ArpCaptureAnalysis.analyse(lines, "198.18.7.100", "198.18.7.3");
    assertThat(r.splitBrainMoments()).isZero();
    assertThat(r.answerers()).containsExactly(A, B);
    assertThat(r.requests()).isEqualTo(4);
  }

  @Test
  void twoAnswersToOneRequestAreSplitBrainButAnOwnerReturningLaterIsNot() {
    List<String> both = List.of(req("1.00"), rep("1.001", A), rep("1.002", B), req("1.01"));
    assertThat(ArpCaptureAnalysis.analyse(both, "198.18.7.100", "198.18.7.3").splitBrainMoments())
        .isEqualTo(1);
    List<String> back =
        List.of(
            req("1.00"),
            rep("1.001", A),
            req("1.01"),
            rep("1.011", B),
            req("1.02"),
            rep("1.021", A));
    ArpCaptureAnalysis.Result r = ArpCaptureAnalysis.analyse(back, "198.18.7.100", "198.18.7.3");
    assertThat(r.splitBrainMoments()).isZero();
    assertThat(r.answerers()).containsExactly(A, B, A);
  }

  @Test
  void longestSilenceIsMeasuredBetweenReplies() {
    List<String> lines =
        List.of(
            "[100.000] 64 bytes from 198.18.7.100: icmp_seq=1 ttl=64 time=0.1 ms",
            "[100.010] 64 bytes from 198.18.7.100: icmp_seq=2 ttl=64 time=0.1 ms",
            "[100.350] 64 bytes from 198.18.7.100: icmp_seq=36 ttl=64 time=0.1 ms",
            "[100.360] 64 bytes from 198.18.7.100: icmp_seq=37 ttl=64 time=0.1 ms");
    List<Double> t = PingLog.replyTimes(lines);
    assertThat(PingLog.longestSilenceMs(t, 100.005, 101)).isEqualTo(340);
    assertThat(PingLog.longestSilenceMs(t, 200, 201)).isEqualTo(-1);
  }
}
