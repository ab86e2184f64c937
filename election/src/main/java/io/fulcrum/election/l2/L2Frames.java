package io.fulcrum.election.l2;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.nio.ByteBuffer;

/**
 * Builds the Ethernet frames of L2 advertisement. Pure: bytes in, bytes out.
 *
 * <ul>
 *   <li>Gratuitous ARP (RFC 5227 section 3 "ARP Announcement"): a broadcast ARP request whose
 *       sender and target protocol addresses are both the VIP, so every host on the segment updates
 *       the VIP's entry to the sender MAC.
 *   <li>Unsolicited neighbour advertisement (RFC 4861 section 7.2.6): ICMPv6 type 136 to the
 *       all-nodes group ff02::1 from the VIP, hop limit 255, Override flag set and Solicited clear,
 *       with the target link-layer address option.
 * </ul>
 */
public final class L2Frames {
  public static final int ETH_P_ARP = 0x0806;
  public static final int ETH_P_IPV6 = 0x86dd;
  private static final byte[] BROADCAST = {-1, -1, -1, -1, -1, -1};
  private static final int MIN_FRAME = 60; // Ethernet minimum without FCS

  private L2Frames() {}

  /** A gratuitous ARP announcing that {@code vip} is at {@code mac}. */
  public static byte[] gratuitousArp(byte[] mac, Inet4Address vip) {
    return arp(mac, 1, vip.getAddress(), new byte[6], vip.getAddress(), BROADCAST);
  }

  /** A broadcast ARP request "who has {@code target}, tell {@code sender}" (used by probes). */
  public static byte[] arpRequest(byte[] mac, Inet4Address sender, Inet4Address target) {
    return arp(mac, 1, sender.getAddress(), new byte[6], target.getAddress(), BROADCAST);
  }

  private static byte[] arp(
      byte[] mac, int op, byte[] senderIp, byte[] targetMac, byte[] targetIp, byte[] dst) {
    checkMac(mac);
    ByteBuffer b = ByteBuffer.allocate(MIN_FRAME);
    b.put(dst).put(mac).putShort((short) ETH_P_ARP);
    b.putShort((short) 1); // hardware: Ethernet
    b.putShort((short) 0x0800); // protocol: IPv4
    b.put((byte) 6).put((byte) 4);
    b.putShort((short) op);
    b.put(mac).put(senderIp).put(targetMac).put(targetIp);
    return b.array(); // zero padding up to 60 bytes
  }

  /** An unsolicited neighbour advertisement announcing that {@code vip} is at {@code mac}. */
  public static byte[] unsolicitedNeighbourAdvert(byte[] mac, Inet6Address vip) {
    checkMac(mac);
    byte[] allNodes = {(byte) 0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    byte[] dstMac = {0x33, 0x33, 0, 0, 0, 1};
    int icmpLen = 4 + 4 + 16 + 8; // header, flags, target, option
    ByteBuffer icmp = ByteBuffer.allocate(icmpLen);
    icmp.put((byte) 136).put((byte) 0).putShort((short) 0); // type, code, checksum
    icmp.putInt(0x20000000); // Override
    icmp.put(vip.getAddress());
    icmp.put((byte) 2).put((byte) 1).put(mac); // target link-layer address, 8 bytes
    byte[] icmpBytes = icmp.array();
    int sum = icmpv6Checksum(vip.getAddress(), allNodes, icmpBytes);
    icmpBytes[2] = (byte) (sum >> 8);
    icmpBytes[3] = (byte) sum;

    ByteBuffer b = ByteBuffer.allocate(14 + 40 + icmpLen);
    b.put(dstMac).put(mac).putShort((short) ETH_P_IPV6);
    b.putInt(0x60000000); // version 6, no class, no flow label
    b.putShort((short) icmpLen);
    b.put((byte) 58).put((byte) 255); // next header ICMPv6, hop limit 255
    b.put(vip.getAddress()).put(allNodes);
    b.put(icmpBytes);
    return b.array();
  }

  /** The ICMPv6 checksum over the IPv6 pseudo-header and the message (checksum field zero). */
  static int icmpv6Checksum(byte[] src, byte[] dst, byte[] message) {
    long sum = 0;
    sum += sum16(src) + sum16(dst);
    sum += message.length; // upper-layer length (32 bits, fits)
    sum += 58; // next header
    sum += sum16(message);
    while ((sum >> 16) != 0) {
      sum = (sum & 0xffff) + (sum >> 16);
    }
    return (int) (~sum & 0xffff);
  }

  private static long sum16(byte[] data) {
    long sum = 0;
    for (int i = 0; i < data.length; i += 2) {
      int hi = data[i] & 0xff;
      int lo = i + 1 < data.length ? data[i + 1] & 0xff : 0;
      sum += (hi << 8) | lo;
    }
    return sum;
  }

  /** Parses "aa:bb:cc:dd:ee:ff". */
  public static byte[] parseMac(String text) {
    String[] parts = text.trim().split(":");
    if (parts.length != 6) {
      throw new IllegalArgumentException("not a MAC address: " + text);
    }
    byte[] mac = new byte[6];
    for (int i = 0; i < 6; i++) {
      mac[i] = (byte) Integer.parseInt(parts[i], 16);
    }
    return mac;
  }

  private static void checkMac(byte[] mac) {
    if (mac == null || mac.length != 6) {
      throw new IllegalArgumentException("MAC must be 6 bytes");
    }
  }
}
