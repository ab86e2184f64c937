package io.fulcrum.testrig.packets;

import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds Ethernet frames (optionally VLAN-tagged) carrying IPv4 or IPv6 and TCP, UDP, SCTP, ICMP or
 * ICMPv6, with correct lengths and checksums; knobs break them on purpose (bad lengths, IP options,
 * fragments, truncation, wrong checksums) for negative tests.
 *
 * <pre>{@code
 * byte[] syn = PacketBuilder.ipv4("198.18.1.1", "198.18.0.10").tcp(40000, 80).syn().build();
 * }</pre>
 */
public final class PacketBuilder {
  public static final int TCP_FIN = 0x01;
  public static final int TCP_SYN = 0x02;
  public static final int TCP_RST = 0x04;
  public static final int TCP_PSH = 0x08;
  public static final int TCP_ACK = 0x10;

  private byte[] srcMac = mac("02:00:00:00:00:01");
  private byte[] dstMac = mac("02:00:00:00:00:02");
  private final List<Integer> vlans = new ArrayList<>();
  private final InetAddress src;
  private final InetAddress dst;
  private final boolean v6;
  private int ttl = 64;
  private int ipId = 0x1234;
  private boolean dontFragment = true;
  private boolean moreFragments;
  private int fragmentOffset;
  private byte[] ipOptions = new byte[0];
  private Integer totalLengthOverride;
  private Integer ihlOverride;
  private boolean ipv6Fragment;
  private boolean ipv6HopByHop;

  private int proto = -1;
  private int sport;
  private int dport;
  private int tcpFlags = TCP_ACK;
  private long seq = 1000;
  private long ack;
  private int icmpType;
  private int icmpCode;
  private int icmpId;
  private int icmpSeq;
  private byte[] icmpInner;
  private long sctpVtag = 0x01020304L;
  private int sctpChunk = 1; // INIT
  private byte[] payload = new byte[0];
  private boolean corruptL4Checksum;
  private Integer truncateTo;

  private PacketBuilder(InetAddress src, InetAddress dst) {
    this.src = src;
    this.dst = dst;
    this.v6 = !(src instanceof Inet4Address);
    if ((dst instanceof Inet4Address) == v6) {
      throw new IllegalArgumentException("mixed address families");
    }
  }

  public static PacketBuilder ipv4(String src, String dst) {
    return new PacketBuilder(ip(src), ip(dst));
  }

  public static PacketBuilder ipv6(String src, String dst) {
    return new PacketBuilder(ip(src), ip(dst));
  }

  /** IPv4 or IPv6 after the addresses given. */
  public static PacketBuilder ip(InetAddress src, InetAddress dst) {
    return new PacketBuilder(src, dst);
  }

  // ---- L2 ----
  public PacketBuilder macs(String srcMac, String dstMac) {
    this.srcMac = mac(srcMac);
    this.dstMac = mac(dstMac);
    return this;
  }

  public PacketBuilder vlan(int id) {
    vlans.add(id);
    return this;
  }

  // ---- L3 ----
  public PacketBuilder ttl(int ttl) {
    this.ttl = ttl;
    return this;
  }

  public PacketBuilder ipId(int id) {
    this.ipId = id;
    return this;
  }

  /** IPv4 fragment (more-fragments bit and offset in 8-byte units); IPv6: a fragment header. */
  public PacketBuilder fragment(boolean more, int offset8) {
    this.moreFragments = more;
    this.fragmentOffset = offset8;
    this.dontFragment = false;
    this.ipv6Fragment = v6;
    return this;
  }

  /** IPv4 options (padded to 4 bytes with End-of-Options). */
  public PacketBuilder ipOptions(byte[] options) {
    int len = (options.length + 3) / 4 * 4;
    this.ipOptions = Arrays.copyOf(options, len);
    return this;
  }

  /** IPv6 hop-by-hop extension header (8 bytes of PadN). */
  public PacketBuilder hopByHop() {
    this.ipv6HopByHop = true;
    return this;
  }

  /** Lies in the IPv4 total length / IPv6 payload length field. */
  public PacketBuilder ipLength(int length) {
    this.totalLengthOverride = length;
    return this;
  }

  /** Lies in the IPv4 IHL field (in 4-byte words). */
  public PacketBuilder ihl(int words) {
    this.ihlOverride = words;
    return this;
  }

  // ---- L4 ----
  public PacketBuilder tcp(int sport, int dport) {
    return l4(6, sport, dport);
  }

  public PacketBuilder udp(int sport, int dport) {
    return l4(17, sport, dport);
  }

  public PacketBuilder sctp(int sport, int dport) {
    return l4(132, sport, dport);
  }

  /** ICMP (v4) or ICMPv6 echo request. */
  public PacketBuilder echoRequest(int id, int seq) {
    this.proto = v6 ? 58 : 1;
    this.icmpType = v6 ? 128 : 8;
    this.icmpId = id;
    this.icmpSeq = seq;
    return this;
  }

  /** ICMP (v4) or ICMPv6 echo reply. */
  public PacketBuilder echoReply(int id, int seq) {
    echoRequest(id, seq);
    this.icmpType = v6 ? 129 : 0;
    return this;
  }

  /**
   * An ICMP error (e.g. v4 type 3 code 4 "fragmentation needed", v6 type 2 "packet too big") that
   * quotes the start of {@code original} (an IP packet without Ethernet header).
   */
  public PacketBuilder icmpError(int type, int code, int info, byte[] original) {
    this.proto = v6 ? 58 : 1;
    this.icmpType = type;
    this.icmpCode = code;
    this.icmpId = info >>> 16;
    this.icmpSeq = info & 0xffff;
    this.icmpInner = original.clone();
    return this;
  }

  /** Any IP protocol number with the payload as its body (no checksum). */
  public PacketBuilder protocol(int number) {
    this.proto = number;
    return this;
  }

  private PacketBuilder l4(int p, int sport, int dport) {
    this.proto = p;
    this.sport = sport;
    this.dport = dport;
    return this;
  }

  public PacketBuilder flags(int tcpFlags) {
    this.tcpFlags = tcpFlags;
    return this;
  }

  public PacketBuilder syn() {
    return flags(TCP_SYN);
  }

  public PacketBuilder seq(long seq, long ack) {
    this.seq = seq;
    this.ack = ack;
    return this;
  }

  /** SCTP chunk type (1 INIT, 0 DATA, ...) and verification tag. */
  public PacketBuilder sctpChunk(int type, long vtag) {
    this.sctpChunk = type;
    this.sctpVtag = vtag;
    return this;
  }

  public PacketBuilder payload(byte[] payload) {
    this.payload = payload.clone();
    return this;
  }

  public PacketBuilder payload(String text) {
    return payload(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  public PacketBuilder badL4Checksum() {
    this.corruptL4Checksum = true;
    return this;
  }

  /** Cuts the finished frame to this many bytes. */
  public PacketBuilder truncate(int bytes) {
    this.truncateTo = bytes;
    return this;
  }

  /** The IP packet alone (no Ethernet), e.g. to quote in an ICMP error. */
  public byte[] buildIp() {
    byte[] l4 = l4Bytes();
    byte[] l3 = v6 ? ipv6Header(l4) : ipv4Header(l4.length);
    return concat(l3, l4);
  }

  /** The Ethernet frame. */
  public byte[] build() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(dstMac);
    out.writeBytes(srcMac);
    for (int vid : vlans) {
      out.write(0x81);
      out.write(0x00);
      out.write((vid >>> 8) & 0x0f);
      out.write(vid & 0xff);
    }
    out.write(v6 ? 0x86 : 0x08);
    out.write(v6 ? 0xdd : 0x00);
    out.writeBytes(buildIp());
    byte[] frame = out.toByteArray();
    return truncateTo == null ? frame : Arrays.copyOf(frame, truncateTo);
  }

  private byte[] l4Bytes() {
    byte[] b;
    switch (proto) {
      case 6 -> {
        b = new byte[20 + payload.length];
        put16(b, 0, sport);
        put16(b, 2, dport);
        put32(b, 4, seq);
        put32(b, 8, ack);
        b[12] = (byte) (5 << 4);
        b[13] = (byte) tcpFlags;
        put16(b, 14, 65535);
        System.arraycopy(payload, 0, b, 20, payload.length);
        put16(b, 16, Checksums.l4(src.getAddress(), dst.getAddress(), 6, b, 0, b.length));
        if (corruptL4Checksum) {
          b[16] ^= 0x5a;
        }
      }
      case 17 -> {
        b = new byte[8 + payload.length];
        put16(b, 0, sport);
        put16(b, 2, dport);
        put16(b, 4, b.length);
        System.arraycopy(payload, 0, b, 8, payload.length);
        int c = Checksums.l4(src.getAddress(), dst.getAddress(), 17, b, 0, b.length);
        put16(b, 6, c == 0 ? 0xffff : c);
        if (corruptL4Checksum) {
          b[6] ^= 0x5a;
        }
      }
      case 132 -> {
        int chunkLen = 4 + (sctpChunk == 1 ? 16 : 12 + payload.length);
        int padded = (chunkLen + 3) / 4 * 4;
        b = new byte[12 + padded];
        put16(b, 0, sport);
        put16(b, 2, dport);
        put32(b, 4, sctpVtag);
        b[12] = (byte) sctpChunk;
        put16(b, 14, chunkLen);
        if (sctpChunk == 1) { // INIT: initiate tag, a_rwnd, streams, initial TSN
          put32(b, 16, 0x0a0b0c0dL);
          put32(b, 20, 65535);
          put16(b, 24, 1);
          put16(b, 26, 1);
          put32(b, 28, 1);
        } else { // DATA: TSN, stream, seq, ppid, payload
          put32(b, 16, 1);
          System.arraycopy(payload, 0, b, 28, payload.length);
        }
        Checksums.putSctpCrc(b, 0, Checksums.sctpCrc32c(b, 0, b.length));
        if (corruptL4Checksum) {
          b[8] ^= 0x5a;
        }
      }
      case 1, 58 -> {
        byte[] body = icmpInner != null ? icmpInner : payload;
        b = new byte[8 + body.length];
        b[0] = (byte) icmpType;
        b[1] = (byte) icmpCode;
        put16(b, 4, icmpId);
        put16(b, 6, icmpSeq);
        System.arraycopy(body, 0, b, 8, body.length);
        int c =
            proto == 1
                ? Checksums.internet(b, 0, b.length)
                : Checksums.l4(src.getAddress(), dst.getAddress(), 58, b, 0, b.length);
        put16(b, 2, c);
        if (corruptL4Checksum) {
          b[2] ^= 0x5a;
        }
      }
      case -1 -> throw new IllegalStateException("no L4 protocol chosen");
      default -> b = payload.clone();
    }
    return b;
  }

  private byte[] ipv4Header(int l4len) {
    byte[] h = new byte[20 + ipOptions.length];
    int ihl = ihlOverride != null ? ihlOverride : h.length / 4;
    h[0] = (byte) (0x40 | (ihl & 0x0f));
    put16(h, 2, totalLengthOverride != null ? totalLengthOverride : h.length + l4len);
    put16(h, 4, ipId);
    int frag = (dontFragment ? 0x4000 : 0) | (moreFragments ? 0x2000 : 0) | fragmentOffset;
    put16(h, 6, frag);
    h[8] = (byte) ttl;
    h[9] = (byte) proto;
    System.arraycopy(src.getAddress(), 0, h, 12, 4);
    System.arraycopy(dst.getAddress(), 0, h, 16, 4);
    System.arraycopy(ipOptions, 0, h, 20, ipOptions.length);
    put16(h, 10, Checksums.internet(h, 0, h.length));
    return h;
  }

  private byte[] ipv6Header(byte[] l4) {
    ByteArrayOutputStream ext = new ByteArrayOutputStream();
    int afterHbh = ipv6Fragment ? 44 : proto;
    if (ipv6HopByHop) {
      byte[] hbh = new byte[8];
      hbh[0] = (byte) afterHbh;
      hbh[2] = 1; // PadN option of 4 bytes
      hbh[3] = 4;
      ext.writeBytes(hbh);
    }
    if (ipv6Fragment) {
      byte[] f = new byte[8];
      f[0] = (byte) proto;
      put16(f, 2, (fragmentOffset << 3) | (moreFragments ? 1 : 0));
      put32(f, 4, ipId);
      ext.writeBytes(f);
    }
    int first = ipv6HopByHop ? 0 : afterHbh;
    byte[] extBytes = ext.toByteArray();
    byte[] h = new byte[40];
    h[0] = 0x60;
    put16(h, 4, totalLengthOverride != null ? totalLengthOverride : extBytes.length + l4.length);
    h[6] = (byte) first;
    h[7] = (byte) ttl;
    System.arraycopy(src.getAddress(), 0, h, 8, 16);
    System.arraycopy(dst.getAddress(), 0, h, 24, 16);
    return concat(h, extBytes);
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] r = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  static void put16(byte[] b, int off, int v) {
    b[off] = (byte) (v >>> 8);
    b[off + 1] = (byte) v;
  }

  static void put32(byte[] b, int off, long v) {
    b[off] = (byte) (v >>> 24);
    b[off + 1] = (byte) (v >>> 16);
    b[off + 2] = (byte) (v >>> 8);
    b[off + 3] = (byte) v;
  }

  /** Parses "aa:bb:cc:dd:ee:ff". */
  public static byte[] mac(String s) {
    String[] parts = s.split(":");
    byte[] m = new byte[6];
    for (int i = 0; i < 6; i++) {
      m[i] = (byte) Integer.parseInt(parts[i], 16);
    }
    return m;
  }

  static InetAddress ip(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(s, e);
    }
  }
}
