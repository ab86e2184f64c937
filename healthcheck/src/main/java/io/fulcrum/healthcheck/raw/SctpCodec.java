package io.fulcrum.healthcheck.raw;

import static io.fulcrum.healthcheck.raw.NetBytes.get16;
import static io.fulcrum.healthcheck.raw.NetBytes.get32;
import static io.fulcrum.healthcheck.raw.NetBytes.put16;
import static io.fulcrum.healthcheck.raw.NetBytes.put32;

import java.util.zip.CRC32C;

/**
 * Builds and parses the few SCTP packets a health check needs (RFC 9260), pure: INIT, INIT-ACK
 * (with a state cookie), ABORT. The checksum is CRC32c over the whole packet, stored in the byte
 * order of RFC 9260 appendix A (the same as iSCSI: least significant byte first).
 */
public final class SctpCodec {
  public static final int CHUNK_INIT = 1;
  public static final int CHUNK_INIT_ACK = 2;
  public static final int CHUNK_ABORT = 6;
  private static final int PARAM_STATE_COOKIE = 7;

  /**
   * The fields of a parsed packet: ports, the verification tag of the common header, the type and
   * flags of the first chunk, and for INIT / INIT-ACK the initiate tag.
   */
  public record Packet(
      int srcPort,
      int dstPort,
      long verificationTag,
      int chunkType,
      int chunkFlags,
      long initiateTag) {}

  private SctpCodec() {}

  /** An INIT chunk from {@code srcPort} to {@code dstPort} with the given initiate tag and TSN. */
  public static byte[] init(int srcPort, int dstPort, long initiateTag, long initialTsn) {
    byte[] p = new byte[12 + 20];
    header(p, srcPort, dstPort, 0);
    initChunk(p, 12, CHUNK_INIT, 20, initiateTag, initialTsn);
    return checksum(p);
  }

  /** An INIT-ACK answering an INIT: verification tag = the INIT's initiate tag. */
  public static byte[] initAck(
      int srcPort, int dstPort, long peerInitiateTag, long ownInitiateTag, byte[] cookie) {
    int cookieParam = 4 + cookie.length;
    int padded = (cookieParam + 3) & ~3;
    byte[] p = new byte[12 + 20 + padded];
    header(p, srcPort, dstPort, peerInitiateTag);
    initChunk(p, 12, CHUNK_INIT_ACK, 20 + cookieParam, ownInitiateTag, ownInitiateTag);
    put16(p, 32, PARAM_STATE_COOKIE);
    put16(p, 34, cookieParam);
    System.arraycopy(cookie, 0, p, 36, cookie.length);
    return checksum(p);
  }

  /** An ABORT with the given verification tag (T bit clear), no error causes. */
  public static byte[] abort(int srcPort, int dstPort, long verificationTag) {
    byte[] p = new byte[12 + 4];
    header(p, srcPort, dstPort, verificationTag);
    p[12] = CHUNK_ABORT;
    put16(p, 14, 4);
    return checksum(p);
  }

  /**
   * Parses an SCTP packet read from a raw socket (IPv4 packets start with the IP header), or
   * returns null when it is truncated or its checksum is wrong.
   */
  public static Packet parse(boolean ipv4, byte[] b, int length) {
    int off = 0;
    if (ipv4) {
      if (length < 20 || (b[0] & 0xf0) != 0x40) {
        return null;
      }
      off = (b[0] & 0x0f) * 4;
    }
    int len = length - off;
    if (len < 16) {
      return null;
    }
    long stored =
        (b[off + 8] & 0xffL)
            | (b[off + 9] & 0xffL) << 8
            | (b[off + 10] & 0xffL) << 16
            | (b[off + 11] & 0xffL) << 24;
    CRC32C crc = new CRC32C();
    crc.update(b, off, 8);
    crc.update(new byte[4], 0, 4);
    crc.update(b, off + 12, len - 12);
    if (crc.getValue() != stored) {
      return null;
    }
    int type = b[off + 12] & 0xff;
    long initiateTag = 0;
    if ((type == CHUNK_INIT || type == CHUNK_INIT_ACK) && len >= 12 + 20) {
      initiateTag = get32(b, off + 16);
    }
    return new Packet(
        get16(b, off), get16(b, off + 2), get32(b, off + 4), type, b[off + 13] & 0xff, initiateTag);
  }

  /** Fills in the checksum of a packet whose checksum field is zero; returns the packet. */
  public static byte[] checksum(byte[] p) {
    p[8] = 0;
    p[9] = 0;
    p[10] = 0;
    p[11] = 0;
    CRC32C crc = new CRC32C();
    crc.update(p, 0, p.length);
    long v = crc.getValue();
    p[8] = (byte) v;
    p[9] = (byte) (v >>> 8);
    p[10] = (byte) (v >>> 16);
    p[11] = (byte) (v >>> 24);
    return p;
  }

  private static void header(byte[] p, int src, int dst, long vtag) {
    put16(p, 0, src);
    put16(p, 2, dst);
    put32(p, 4, vtag);
  }

  private static void initChunk(byte[] p, int off, int type, int len, long tag, long tsn) {
    p[off] = (byte) type;
    put16(p, off + 2, len);
    put32(p, off + 4, tag);
    put32(p, off + 8, 65536); // advertised receiver window
    put16(p, off + 12, 1); // outbound streams
    put16(p, off + 14, 1); // max inbound streams
    put32(p, off + 16, tsn);
  }
}
