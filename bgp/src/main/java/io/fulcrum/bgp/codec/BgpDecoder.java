package io.fulcrum.bgp.codec;

import static io.fulcrum.bgp.codec.BgpError.HEADER;
import static io.fulcrum.bgp.codec.BgpError.HEADER_BAD_LENGTH;
import static io.fulcrum.bgp.codec.BgpError.HEADER_BAD_TYPE;
import static io.fulcrum.bgp.codec.BgpError.HEADER_NOT_SYNCHRONIZED;
import static io.fulcrum.bgp.codec.BgpError.OPEN;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes BGP messages from wire bytes (RFC 4271 4 and 6). Pure: every error is a {@link
 * BgpProtocolException} carrying the NOTIFICATION code, subcode and data the RFC names.
 */
public final class BgpDecoder {
  private BgpDecoder() {}

  /**
   * What the decoder must know of the session.
   *
   * @param fourOctetAs both sides advertised 4-octet AS support (AS_PATH uses 4-octet numbers)
   * @param ibgp the peer is internal (LOCAL_PREF is then expected in UPDATEs carrying routes)
   */
  public record Context(boolean fourOctetAs, boolean ibgp) {
    /** The context before OPEN is exchanged. */
    public static final Context INITIAL = new Context(false, false);
  }

  /**
   * Checks a message header (RFC 4271 6.1) and returns the whole message length. {@code header}
   * must hold at least 19 bytes from its position; its position is not moved.
   */
  public static int checkHeader(ByteBuffer header) throws BgpProtocolException {
    int p = header.position();
    for (int i = 0; i < 16; i++) {
      if (header.get(p + i) != (byte) 0xff) {
        throw new BgpProtocolException(HEADER, HEADER_NOT_SYNCHRONIZED, "marker is not all ones");
      }
    }
    int length = Short.toUnsignedInt(header.getShort(p + 16));
    int type = Byte.toUnsignedInt(header.get(p + 18));
    byte[] lengthField = {header.get(p + 16), header.get(p + 17)};
    if (length < BgpEncoder.HEADER_LENGTH || length > BgpEncoder.MAX_LENGTH) {
      throw new BgpProtocolException(
          HEADER, HEADER_BAD_LENGTH, lengthField, "message length " + length);
    }
    int min;
    switch (type) {
      case BgpMessage.TYPE_OPEN -> min = 29;
      case BgpMessage.TYPE_UPDATE -> min = 23;
      case BgpMessage.TYPE_NOTIFICATION -> min = 21;
      case BgpMessage.TYPE_KEEPALIVE -> {
        if (length != 19) {
          throw new BgpProtocolException(
              HEADER, HEADER_BAD_LENGTH, lengthField, "KEEPALIVE of length " + length);
        }
        min = 19;
      }
      case BgpMessage.TYPE_ROUTE_REFRESH -> min = 19; // exact size checked in decode (RFC 7313)
      default ->
          throw new BgpProtocolException(
              HEADER, HEADER_BAD_TYPE, new byte[] {(byte) type}, "message type " + type);
    }
    if (length < min) {
      throw new BgpProtocolException(
          HEADER, HEADER_BAD_LENGTH, lengthField, "message type " + type + " length " + length);
    }
    return length;
  }

  /** Decodes one whole message (header included). */
  public static BgpMessage decode(byte[] message, Context ctx) throws BgpProtocolException {
    if (message.length < BgpEncoder.HEADER_LENGTH) {
      throw new BgpProtocolException(
          HEADER,
          HEADER_BAD_LENGTH,
          new byte[] {(byte) (message.length >>> 8), (byte) message.length},
          "short message");
    }
    ByteBuffer buf = ByteBuffer.wrap(message);
    int length = checkHeader(buf);
    if (length != message.length) {
      throw new BgpProtocolException(
          HEADER,
          HEADER_BAD_LENGTH,
          new byte[] {message[16], message[17]},
          "length field " + length + " but " + message.length + " bytes");
    }
    int type = Byte.toUnsignedInt(message[18]);
    buf.position(BgpEncoder.HEADER_LENGTH);
    ByteBuffer body = buf.slice();
    return switch (type) {
      case BgpMessage.TYPE_OPEN -> open(body);
      case BgpMessage.TYPE_UPDATE -> UpdateDecoder.decode(body, ctx);
      case BgpMessage.TYPE_NOTIFICATION -> notification(body);
      case BgpMessage.TYPE_KEEPALIVE -> new BgpMessage.Keepalive();
      default -> routeRefresh(body);
    };
  }

  private static BgpMessage.Notification notification(ByteBuffer b) {
    int code = Byte.toUnsignedInt(b.get());
    int subcode = Byte.toUnsignedInt(b.get());
    byte[] data = new byte[b.remaining()];
    b.get(data);
    return new BgpMessage.Notification(code, subcode, data);
  }

  private static BgpMessage.RouteRefresh routeRefresh(ByteBuffer b) throws BgpProtocolException {
    if (b.remaining() != 4) {
      byte[] all = new byte[b.remaining()];
      b.get(all);
      throw new BgpProtocolException(
          BgpError.ROUTE_REFRESH,
          BgpError.ROUTE_REFRESH_BAD_LENGTH,
          all,
          "ROUTE-REFRESH body of " + all.length + " bytes");
    }
    int afi = Short.toUnsignedInt(b.getShort());
    int subtype = Byte.toUnsignedInt(b.get());
    int safi = Byte.toUnsignedInt(b.get());
    return new BgpMessage.RouteRefresh(afi, subtype, safi);
  }

  private static BgpMessage.Open open(ByteBuffer b) throws BgpProtocolException {
    int version = Byte.toUnsignedInt(b.get());
    if (version != 4) {
      throw new BgpProtocolException(
          OPEN, BgpError.OPEN_UNSUPPORTED_VERSION, new byte[] {0, 4}, "BGP version " + version);
    }
    int myAs = Short.toUnsignedInt(b.getShort());
    int hold = Short.toUnsignedInt(b.getShort());
    long id = Integer.toUnsignedLong(b.getInt());
    int optLen = Byte.toUnsignedInt(b.get());
    if (myAs == 0) {
      throw new BgpProtocolException(OPEN, BgpError.OPEN_BAD_PEER_AS, "AS 0 in OPEN (RFC 7607)");
    }
    if (hold == 1 || hold == 2) {
      throw new BgpProtocolException(
          OPEN, BgpError.OPEN_UNACCEPTABLE_HOLD_TIME, "hold time " + hold);
    }
    if (id == 0) {
      throw new BgpProtocolException(OPEN, BgpError.OPEN_BAD_BGP_ID, "BGP identifier 0");
    }
    if (optLen != b.remaining()) {
      throw new BgpProtocolException(
          OPEN,
          BgpError.OPEN_UNSPECIFIC,
          "optional parameters length " + optLen + " but " + b.remaining() + " bytes");
    }
    List<Capability> caps = new ArrayList<>();
    while (b.hasRemaining()) {
      if (b.remaining() < 2) {
        throw new BgpProtocolException(OPEN, BgpError.OPEN_UNSPECIFIC, "truncated parameter");
      }
      int type = Byte.toUnsignedInt(b.get());
      int len = Byte.toUnsignedInt(b.get());
      if (len > b.remaining()) {
        throw new BgpProtocolException(OPEN, BgpError.OPEN_UNSPECIFIC, "parameter overruns OPEN");
      }
      ByteBuffer param = b.slice(b.position(), len);
      b.position(b.position() + len);
      if (type != 2) {
        throw new BgpProtocolException(
            OPEN, BgpError.OPEN_UNSUPPORTED_OPT_PARAM, "optional parameter type " + type);
      }
      capabilities(param, caps);
    }
    BgpMessage.Open open = new BgpMessage.Open(version, myAs, hold, id, caps);
    if (open.effectiveAs() == 0) {
      throw new BgpProtocolException(OPEN, BgpError.OPEN_BAD_PEER_AS, "4-octet AS 0 (RFC 7607)");
    }
    return open;
  }

  private static void capabilities(ByteBuffer p, List<Capability> caps)
      throws BgpProtocolException {
    while (p.hasRemaining()) {
      if (p.remaining() < 2) {
        throw new BgpProtocolException(OPEN, BgpError.OPEN_UNSPECIFIC, "truncated capability");
      }
      int code = Byte.toUnsignedInt(p.get());
      int len = Byte.toUnsignedInt(p.get());
      if (len > p.remaining()) {
        throw new BgpProtocolException(
            OPEN, BgpError.OPEN_UNSPECIFIC, "capability " + code + " overruns its parameter");
      }
      ByteBuffer v = p.slice(p.position(), len);
      p.position(p.position() + len);
      caps.add(capability(code, v));
    }
  }

  private static Capability capability(int code, ByteBuffer v) throws BgpProtocolException {
    int len = v.remaining();
    switch (code) {
      case Capability.CODE_MULTIPROTOCOL -> {
        requireCapLength(code, len == 4);
        int afi = Short.toUnsignedInt(v.getShort());
        v.get();
        return new Capability.Multiprotocol(afi, Byte.toUnsignedInt(v.get()));
      }
      case Capability.CODE_ROUTE_REFRESH -> {
        requireCapLength(code, len == 0);
        return new Capability.RouteRefresh();
      }
      case Capability.CODE_FOUR_OCTET_AS -> {
        requireCapLength(code, len == 4);
        return new Capability.FourOctetAs(Integer.toUnsignedLong(v.getInt()));
      }
      case Capability.CODE_GRACEFUL_RESTART -> {
        requireCapLength(code, len >= 2 && (len - 2) % 4 == 0);
        int flags = Short.toUnsignedInt(v.getShort());
        List<Capability.GracefulRestart.Family> fams = new ArrayList<>();
        while (v.hasRemaining()) {
          int afi = Short.toUnsignedInt(v.getShort());
          int safi = Byte.toUnsignedInt(v.get());
          int f = Byte.toUnsignedInt(v.get());
          fams.add(new Capability.GracefulRestart.Family(afi, safi, (f & 0x80) != 0));
        }
        return new Capability.GracefulRestart((flags & 0x8000) != 0, flags & 0x0fff, fams);
      }
      default -> {
        byte[] raw = new byte[len];
        v.get(raw);
        return new Capability.Unknown(code, raw);
      }
    }
  }

  private static void requireCapLength(int code, boolean ok) throws BgpProtocolException {
    if (!ok) {
      throw new BgpProtocolException(
          OPEN, BgpError.OPEN_UNSPECIFIC, "capability " + code + " has a wrong length");
    }
  }
}
