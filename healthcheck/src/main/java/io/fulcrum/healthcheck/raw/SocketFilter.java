package io.fulcrum.healthcheck.raw;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Classic BPF socket filters ({@code SO_ATTACH_FILTER}, see the kernel's
 * Documentation/networking/filter.rst), built as bytes, pure. A raw TCP socket receives a copy of
 * every TCP segment the host takes in; the half-open check's filter keeps only the answers it waits
 * for, so the agent never reads the host's other TCP traffic.
 */
public final class SocketFilter {
  /** One instruction: {@code struct sock_filter} (u16 code, u8 jt, u8 jf, u32 k). */
  public static final int INSN_SIZE = 8;

  /** At most this many ports: the jump to "drop" over the port tests must fit in 8 bits. */
  public static final int MAX_PORTS = 200;

  static final int LDX_B_MSH = 0xb1; // X = 4 * (pkt[k] & 0xf)
  static final int LDX_IMM = 0x01; // X = k
  static final int LD_B_IND = 0x50; // A = pkt[X + k] (byte)
  static final int LD_H_IND = 0x48; // A = pkt[X + k] (big-endian half word)
  static final int ALU_AND_K = 0x54; // A &= k
  static final int JEQ_K = 0x15;
  static final int JSET_K = 0x45;
  static final int RET_K = 0x06;

  private SocketFilter() {}

  /**
   * Accepts a TCP segment to one of {@code ports} that is a SYN-ACK or carries RST, truncated to
   * {@code snap} bytes; drops everything else. For IPv4 the program skips the IP header (raw IPv4
   * sockets see it), for IPv6 the segment starts at offset 0.
   */
  public static byte[] tcpAnswers(boolean ipv4, int[] ports, int snap) {
    if (ports.length == 0 || ports.length > MAX_PORTS) {
      throw new IllegalArgumentException("1 to " + MAX_PORTS + " ports, not " + ports.length);
    }
    int n = ports.length;
    ByteBuffer p = ByteBuffer.allocate((8 + n) * INSN_SIZE).order(ByteOrder.nativeOrder());
    insn(p, ipv4 ? LDX_B_MSH : LDX_IMM, 0, 0, 0); // 0: X = offset of the TCP header
    insn(p, LD_B_IND, 0, 0, 13); // 1: A = flags
    insn(p, JSET_K, 2, 0, TcpSegment.RST); // 2: RST -> 5 (ports)
    insn(p, ALU_AND_K, 0, 0, TcpSegment.SYN | TcpSegment.ACK); // 3
    insn(p, JEQ_K, 0, n + 1, TcpSegment.SYN | TcpSegment.ACK); // 4: SYN-ACK -> 5, else drop
    insn(p, LD_H_IND, 0, 0, 2); // 5: A = destination port
    for (int i = 0; i < n; i++) {
      insn(p, JEQ_K, n - i, 0, ports[i]); // 6 + i: -> accept
    }
    insn(p, RET_K, 0, 0, 0); // 6 + n: drop
    insn(p, RET_K, 0, 0, snap); // 7 + n: accept
    return p.array();
  }

  private static void insn(ByteBuffer p, int code, int jt, int jf, int k) {
    p.putShort((short) code).put((byte) jt).put((byte) jf).putInt(k);
  }
}
