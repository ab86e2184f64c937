package io.fulcrum.testrig.packets;

import java.nio.ByteBuffer;

/** ARP (RFC 826) and IPv6 neighbour discovery (RFC 4861) frames for tests. */
public final class L2Packets {
  private L2Packets() {}

  private static final byte[] BROADCAST = PacketBuilder.mac("ff:ff:ff:ff:ff:ff");

  /** Who-has {@code target} tell {@code sender}, broadcast. */
  public static byte[] arpRequest(String senderMac, String sender, String target) {
    return arp(
        1,
        BROADCAST,
        PacketBuilder.mac(senderMac),
        PacketBuilder.mac(senderMac),
        sender,
        new byte[6],
        target);
  }

  /** {@code sender} is-at {@code senderMac}, to {@code targetMac}. */
  public static byte[] arpReply(String senderMac, String sender, String targetMac, String target) {
    byte[] tm = PacketBuilder.mac(targetMac);
    return arp(
        2, tm, PacketBuilder.mac(senderMac), PacketBuilder.mac(senderMac), sender, tm, target);
  }

  private static byte[] arp(
      int op, byte[] ethDst, byte[] ethSrc, byte[] sha, String spa, byte[] tha, String tpa) {
    ByteBuffer b = ByteBuffer.allocate(42);
    b.put(ethDst).put(ethSrc).putShort((short) 0x0806);
    b.putShort((short) 1).putShort((short) 0x0800).put((byte) 6).put((byte) 4);
    b.putShort((short) op).put(sha).put(PacketBuilder.ip(spa).getAddress());
    b.put(tha).put(PacketBuilder.ip(tpa).getAddress());
    return b.array();
  }

  /** Neighbour solicitation for {@code target} with a source link-layer address option. */
  public static byte[] neighborSolicitation(String srcMac, String src, String target) {
    byte[] t = PacketBuilder.ip(target).getAddress();
    byte[] dst = PacketBuilder.ip("ff02::1:ff00:0").getAddress();
    dst[13] = t[13];
    dst[14] = t[14];
    dst[15] = t[15];
    byte[] ethDst = {0x33, 0x33, (byte) 0xff, t[13], t[14], t[15]};
    return nd(
        135,
        0,
        ethDst,
        PacketBuilder.mac(srcMac),
        PacketBuilder.ip(src).getAddress(),
        dst,
        t,
        1,
        PacketBuilder.mac(srcMac));
  }

  /** Solicited, override neighbour advertisement for {@code target} at {@code targetMac}. */
  public static byte[] neighborAdvertisement(
      String targetMac, String target, String dstMac, String dst) {
    byte[] t = PacketBuilder.ip(target).getAddress();
    return nd(
        136,
        0x60000000,
        PacketBuilder.mac(dstMac),
        PacketBuilder.mac(targetMac),
        t,
        PacketBuilder.ip(dst).getAddress(),
        t,
        2,
        PacketBuilder.mac(targetMac));
  }

  private static byte[] nd(
      int type,
      int flags,
      byte[] ethDst,
      byte[] ethSrc,
      byte[] src,
      byte[] dst,
      byte[] target,
      int optType,
      byte[] optMac) {
    ByteBuffer icmp = ByteBuffer.allocate(32);
    icmp.put((byte) type).put((byte) 0).putShort((short) 0).putInt(flags).put(target);
    icmp.put((byte) optType).put((byte) 1).put(optMac);
    byte[] m = icmp.array();
    int c = Checksums.l4(src, dst, 58, m, 0, m.length);
    m[2] = (byte) (c >>> 8);
    m[3] = (byte) c;
    ByteBuffer b = ByteBuffer.allocate(14 + 40 + 32);
    b.put(ethDst).put(ethSrc).putShort((short) 0x86dd);
    b.putInt(0x60000000).putShort((short) 32).put((byte) 58).put((byte) 255);
    b.put(src).put(dst).put(m);
    return b.array();
  }
}
