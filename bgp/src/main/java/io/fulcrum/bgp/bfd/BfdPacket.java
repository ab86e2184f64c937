package io.fulcrum.bgp.bfd;

import java.nio.ByteBuffer;

/**
 * A BFD control packet (RFC 5880 4.1) without authentication. Intervals are in microseconds.
 *
 * @param diag diagnostic code (0 none, 1 control detection time expired, 3 neighbor signaled
 *     session down, 7 administratively down)
 * @param state session state of the sender
 * @param poll P bit
 * @param fin F bit
 * @param detectMult detection time multiplier
 * @param myDiscriminator sender's discriminator (non-zero)
 * @param yourDiscriminator receiver's discriminator as known to the sender, or 0
 * @param desiredMinTx desired minimum transmit interval, microseconds
 * @param requiredMinRx required minimum receive interval, microseconds
 * @param requiredMinEchoRx required minimum echo receive interval, microseconds (0: no echo)
 */
public record BfdPacket(
    int diag,
    BfdState state,
    boolean poll,
    boolean fin,
    int detectMult,
    long myDiscriminator,
    long yourDiscriminator,
    long desiredMinTx,
    long requiredMinRx,
    long requiredMinEchoRx) {

  public static final int LENGTH = 24;

  public byte[] encode() {
    ByteBuffer b = ByteBuffer.allocate(LENGTH);
    b.put((byte) ((1 << 5) | (diag & 0x1f)));
    b.put((byte) ((state.code() << 6) | (poll ? 0x20 : 0) | (fin ? 0x10 : 0)));
    b.put((byte) detectMult);
    b.put((byte) LENGTH);
    b.putInt((int) myDiscriminator);
    b.putInt((int) yourDiscriminator);
    b.putInt((int) desiredMinTx);
    b.putInt((int) requiredMinRx);
    b.putInt((int) requiredMinEchoRx);
    return b.array();
  }

  /**
   * Decodes and checks a received packet (RFC 5880 6.8.6); returns null for a packet that must be
   * discarded.
   */
  public static BfdPacket decode(byte[] data) {
    if (data.length < LENGTH) {
      return null;
    }
    ByteBuffer b = ByteBuffer.wrap(data);
    int vd = b.get() & 0xff;
    int sf = b.get() & 0xff;
    int mult = b.get() & 0xff;
    int length = b.get() & 0xff;
    if ((vd >>> 5) != 1 || length < LENGTH || length > data.length || mult == 0) {
      return null;
    }
    boolean auth = (sf & 0x04) != 0;
    boolean multipoint = (sf & 0x01) != 0;
    if (auth || multipoint) {
      return null;
    }
    long my = Integer.toUnsignedLong(b.getInt());
    long your = Integer.toUnsignedLong(b.getInt());
    BfdState state = BfdState.of(sf >>> 6);
    if (my == 0) {
      return null;
    }
    if (your == 0 && state != BfdState.DOWN && state != BfdState.ADMIN_DOWN) {
      return null;
    }
    return new BfdPacket(
        vd & 0x1f,
        state,
        (sf & 0x20) != 0,
        (sf & 0x10) != 0,
        mult,
        my,
        your,
        Integer.toUnsignedLong(b.getInt()),
        Integer.toUnsignedLong(b.getInt()),
        Integer.toUnsignedLong(b.getInt()));
  }
}
