package io.fulcrum.healthcheck.raw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SocketFilterTest {
  private static final int[] PORTS = {40001, 40007, 51234};
  private static final int SNAP = 120;

  @ParameterizedTest(name = "ipv4={0}")
  @ValueSource(booleans = {true, false})
  void keepsSynAcksAndResetsToTheProbePortsOnly(boolean ipv4) {
    byte[] prog = SocketFilter.tcpAnswers(ipv4, PORTS, SNAP);
    int synAck = TcpSegment.SYN | TcpSegment.ACK;
    int rstAck = TcpSegment.RST | TcpSegment.ACK;
    assertThat(run(prog, packet(ipv4, 40001, synAck)))
        .as("SYN-ACK to a probe port")
        .isEqualTo(SNAP);
    assertThat(run(prog, packet(ipv4, 51234, rstAck))).as("RST to a probe port").isEqualTo(SNAP);
    assertThat(run(prog, packet(ipv4, 40007, TcpSegment.RST))).isEqualTo(SNAP);
    assertThat(run(prog, packet(ipv4, 40002, synAck))).as("another port").isZero();
    assertThat(run(prog, packet(ipv4, 40001, TcpSegment.ACK))).as("data or ACK").isZero();
    assertThat(run(prog, packet(ipv4, 40001, TcpSegment.SYN))).as("a SYN").isZero();
    assertThat(run(prog, packet(ipv4, 40001, TcpSegment.FIN | TcpSegment.ACK))).isZero();
  }

  @ParameterizedTest(name = "ipv4={0}")
  @ValueSource(booleans = {true, false})
  void refusesAnEmptyOrOversizedPortList(boolean ipv4) {
    assertThatThrownBy(() -> SocketFilter.tcpAnswers(ipv4, new int[0], SNAP))
        .isInstanceOf(IllegalArgumentException.class);
    int[] many = new int[SocketFilter.MAX_PORTS + 1];
    assertThatThrownBy(() -> SocketFilter.tcpAnswers(ipv4, many, SNAP))
        .isInstanceOf(IllegalArgumentException.class);
    int[] most = new int[SocketFilter.MAX_PORTS];
    for (int i = 0; i < most.length; i++) {
      most[i] = 30000 + i;
    }
    byte[] prog = SocketFilter.tcpAnswers(ipv4, most, SNAP);
    assertThat(run(prog, packet(ipv4, 30000 + SocketFilter.MAX_PORTS - 1, TcpSegment.RST)))
        .isEqualTo(SNAP);
    assertThat(run(prog, packet(ipv4, 30000 + SocketFilter.MAX_PORTS, TcpSegment.RST))).isZero();
  }

  private static byte[] packet(boolean ipv4, int dstPort, int flags) {
    byte[] s = TcpSegmentTest.segment(8080, dstPort, 1, 2, flags);
    return ipv4 ? TcpSegmentTest.ipv4(s, 28) : s;
  }

  /** Runs a classic BPF program of the opcodes SocketFilter uses (an interpreter for the test). */
  private static int run(byte[] program, byte[] pkt) {
    ByteBuffer p = ByteBuffer.wrap(program).order(ByteOrder.nativeOrder());
    int a = 0;
    int x = 0;
    int pc = 0;
    for (int steps = 0; steps < 1000; steps++) {
      int code = p.getShort(pc * 8) & 0xffff;
      int jt = p.get(pc * 8 + 2) & 0xff;
      int jf = p.get(pc * 8 + 3) & 0xff;
      int k = p.getInt(pc * 8 + 4);
      pc++;
      switch (code) {
        case SocketFilter.LDX_B_MSH -> x = 4 * (pkt[k] & 0xf);
        case SocketFilter.LDX_IMM -> x = k;
        case SocketFilter.LD_B_IND -> a = pkt[x + k] & 0xff;
        case SocketFilter.LD_H_IND -> a = (pkt[x + k] & 0xff) << 8 | (pkt[x + k + 1] & 0xff);
        case SocketFilter.ALU_AND_K -> a &= k;
        case SocketFilter.JEQ_K -> pc += a == k ? jt : jf;
        case SocketFilter.JSET_K -> pc += (a & k) != 0 ? jt : jf;
        case SocketFilter.RET_K -> {
          return k;
        }
        default -> throw new AssertionError("opcode " + code);
      }
    }
    throw new AssertionError("no return");
  }
}
