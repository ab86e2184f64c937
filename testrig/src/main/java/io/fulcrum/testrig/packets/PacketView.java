package io.fulcrum.testrig.packets;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A parsed Ethernet frame for assertions, with every checksum recomputed from scratch ({@link
 * #checksumErrors()}): IPv4 header, TCP / UDP / ICMPv6 with pseudo header, ICMP, SCTP CRC32c, and
 * the IPv4 header quoted inside an ICMP error. Independent of the data plane's code.
 */
public final class PacketView {
  public final byte[] frame;
  public final String srcMac;
  public final String dstMac;
  public final List<Integer> vlans = new ArrayList<>();
  public final int ethertype;
  public final int l3Offset;
  public final boolean v6;
  public final InetAddress src;
  public final InetAddress dst;
  public final int ttl;
  public final int proto;
  public final int l4Offset;
  public final int l4Length;
  public final int sport;
  public final int dport;

  private PacketView(byte[] f) {
    this.frame = f;
    dstMac = macString(f, 0);
    srcMac = macString(f, 6);
    int off = 12;
    int type = u16(f, off);
    while (type == 0x8100 || type == 0x88a8) {
      vlans.add(u16(f, off + 2) & 0x0fff);
      off += 4;
      type = u16(f, off);
    }
    ethertype = type;
    l3Offset = off + 2;
    v6 = type == 0x86dd;
    if (type == 0x0800) {
      int ihl = (f[l3Offset] & 0x0f) * 4;
      src = addr(f, l3Offset + 12, 4);
      dst = addr(f, l3Offset + 16, 4);
      ttl = f[l3Offset + 8] & 0xff;
      proto = f[l3Offset + 9] & 0xff;
      l4Offset = l3Offset + ihl;
      l4Length = u16(f, l3Offset + 2) - ihl;
    } else if (v6) {
      src = addr(f, l3Offset + 8, 16);
      dst = addr(f, l3Offset + 24, 16);
      ttl = f[l3Offset + 7] & 0xff;
      int next = f[l3Offset + 6] & 0xff;
      int p = l3Offset + 40;
      while (next == 0 || next == 43 || next == 60 || next == 44) {
        int n = f[p] & 0xff;
        p += next == 44 ? 8 : ((f[p + 1] & 0xff) + 1) * 8;
        next = n;
      }
      proto = next;
      l4Offset = p;
      l4Length = u16(f, l3Offset + 4) - (p - l3Offset - 40);
    } else {
      throw new IllegalArgumentException("not IP: ethertype 0x" + Integer.toHexString(type));
    }
    boolean ports = proto == 6 || proto == 17 || proto == 132;
    sport = ports ? u16(f, l4Offset) : 0;
    dport = ports ? u16(f, l4Offset + 2) : 0;
  }

  public static PacketView parse(byte[] frame) {
    return new PacketView(frame.clone());
  }

  /** Descriptions of every wrong checksum or length; empty when the packet is consistent. */
  public List<String> checksumErrors() {
    List<String> errors = new ArrayList<>();
    int l3len = v6 ? 40 + u16(frame, l3Offset + 4) : u16(frame, l3Offset + 2);
    if (l3Offset + l3len != frame.length) {
      errors.add("IP length " + l3len + " but " + (frame.length - l3Offset) + " bytes follow");
      return errors;
    }
    if (!v6) {
      int ihl = (frame[l3Offset] & 0x0f) * 4;
      if (Checksums.internet(frame, l3Offset, ihl) != 0) {
        errors.add("IPv4 header checksum wrong");
      }
    }
    byte[] s = src.getAddress();
    byte[] d = dst.getAddress();
    switch (proto) {
      case 6, 17, 58 -> {
        if (proto == 17 && u16(frame, l4Offset + 6) == 0 && !v6) {
          break; // IPv4 UDP without checksum
        }
        if (Checksums.l4(s, d, proto, frame, l4Offset, l4Length) != 0) {
          errors.add(name(proto) + " checksum wrong");
        }
        if (proto == 58 && isIcmpError()) {
          innerErrors(errors);
        }
      }
      case 1 -> {
        if (Checksums.internet(frame, l4Offset, l4Length) != 0) {
          errors.add("ICMP checksum wrong");
        }
        if (isIcmpError()) {
          innerErrors(errors);
        }
      }
      case 132 -> {
        if (Checksums.sctpCrc32c(frame, l4Offset, l4Length)
            != Checksums.getSctpCrc(frame, l4Offset)) {
          errors.add("SCTP CRC32c wrong");
        }
      }
      default -> {}
    }
    return errors;
  }

  private boolean isIcmpError() {
    int t = icmpType();
    return v6 ? t < 128 : t == 3 || t == 11 || t == 12 || t == 5;
  }

  private void innerErrors(List<String> errors) {
    int in = l4Offset + 8;
    if (!v6 && (frame[in] >> 4) == 4) {
      int ihl = (frame[in] & 0x0f) * 4;
      if (Checksums.internet(frame, in, ihl) != 0) {
        errors.add("quoted IPv4 header checksum wrong");
      }
    }
    // a complete quote (the whole original packet) has a verifiable L4 checksum too
    PacketView q = quoted();
    int quotedLen = l4Length - 8;
    int declared = q.v6 ? 40 + u16(q.frame, q.l3Offset + 4) : u16(q.frame, q.l3Offset + 2);
    if (declared == quotedLen) {
      for (String e : q.checksumErrors()) {
        errors.add("quoted " + e);
      }
    }
  }

  public int icmpType() {
    return frame[l4Offset] & 0xff;
  }

  /** ICMP echo identifier (or the first 16 bits of the rest-of-header). */
  public int icmpId() {
    return u16(frame, l4Offset + 4);
  }

  /** The IP packet quoted by an ICMP error. */
  public PacketView quoted() {
    byte[] eth = Arrays.copyOfRange(frame, 0, 14);
    eth[12] = (byte) (v6 ? 0x86 : 0x08);
    eth[13] = (byte) (v6 ? 0xdd : 0x00);
    byte[] inner = Arrays.copyOfRange(frame, l4Offset + 8, l4Offset + l4Length);
    return new PacketView(PacketBuilder.concat(eth, inner));
  }

  public int tcpFlags() {
    return frame[l4Offset + 13] & 0xff;
  }

  /** Bytes after the L4 header (TCP without options, UDP). */
  public byte[] payload() {
    int h = proto == 6 ? ((frame[l4Offset + 12] & 0xf0) >> 2) : proto == 17 ? 8 : 0;
    return Arrays.copyOfRange(frame, l4Offset + h, l4Offset + l4Length);
  }

  private static String name(int p) {
    return switch (p) {
      case 6 -> "TCP";
      case 17 -> "UDP";
      case 58 -> "ICMPv6";
      default -> "proto " + p;
    };
  }

  static int u16(byte[] b, int off) {
    return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
  }

  static InetAddress addr(byte[] b, int off, int len) {
    try {
      return InetAddress.getByAddress(Arrays.copyOfRange(b, off, off + len));
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  static String macString(byte[] b, int off) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 6; i++) {
      if (i > 0) {
        sb.append(':');
      }
      sb.append(String.format("%02x", b[off + i] & 0xff));
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    String h4 = src.getHostAddress() + ":" + sport + " > " + dst.getHostAddress() + ":" + dport;
    return (v6 ? "IPv6 " : "IPv4 ") + "proto " + proto + " " + h4 + " ttl " + ttl;
  }
}
