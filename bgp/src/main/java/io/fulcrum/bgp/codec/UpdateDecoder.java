package io.fulcrum.bgp.codec;

import static io.fulcrum.bgp.codec.BgpError.UPDATE;
import static io.fulcrum.bgp.codec.PathAttributes.FLAG_EXTENDED_LENGTH;
import static io.fulcrum.bgp.codec.PathAttributes.FLAG_OPTIONAL;
import static io.fulcrum.bgp.codec.PathAttributes.FLAG_PARTIAL;
import static io.fulcrum.bgp.codec.PathAttributes.FLAG_TRANSITIVE;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Decodes and checks UPDATE messages (RFC 4271 4.3 and 6.3, RFC 4760, RFC 1997, RFC 8092). */
final class UpdateDecoder {
  private UpdateDecoder() {}

  static BgpMessage.Update decode(ByteBuffer b, BgpDecoder.Context ctx)
      throws BgpProtocolException {
    int total = b.remaining();
    int withdrawnLen = Short.toUnsignedInt(b.getShort());
    if (withdrawnLen + 4 > total) {
      throw err(BgpError.UPDATE_MALFORMED_ATTRIBUTE_LIST, null, "withdrawn length too large");
    }
    ByteBuffer withdrawnBuf = b.slice(b.position(), withdrawnLen);
    b.position(b.position() + withdrawnLen);
    int attrLen = Short.toUnsignedInt(b.getShort());
    if (withdrawnLen + attrLen + 4 > total) {
      throw err(BgpError.UPDATE_MALFORMED_ATTRIBUTE_LIST, null, "attribute length too large");
    }
    ByteBuffer attrBuf = b.slice(b.position(), attrLen);
    b.position(b.position() + attrLen);
    List<IpPrefix> withdrawn =
        prefixes(withdrawnBuf, Afi.IPV4, BgpError.UPDATE_INVALID_NETWORK, "withdrawn routes");
    PathAttributes attrs = attributes(attrBuf, ctx);
    List<IpPrefix> nlri = prefixes(b, Afi.IPV4, BgpError.UPDATE_INVALID_NETWORK, "NLRI");
    boolean reach = !nlri.isEmpty() || (attrs.mpReach() != null);
    if (reach) {
      if (attrs.origin() == null) {
        throw missing(PathAttributes.ORIGIN);
      }
      if (attrs.asPath() == null) {
        throw missing(PathAttributes.AS_PATH);
      }
      if (!nlri.isEmpty() && attrs.nextHop() == null) {
        throw missing(PathAttributes.NEXT_HOP);
      }
      if (ctx.ibgp() && attrs.localPref() == null) {
        throw missing(PathAttributes.LOCAL_PREF);
      }
    }
    return new BgpMessage.Update(withdrawn, attrs, nlri);
  }

  private static BgpProtocolException missing(int type) {
    return err(
        BgpError.UPDATE_MISSING_WELL_KNOWN,
        new byte[] {(byte) type},
        "missing well-known attribute " + type);
  }

  private static BgpProtocolException err(int subcode, byte[] data, String msg) {
    return new BgpProtocolException(UPDATE, subcode, data, msg);
  }

  /** Parses prefixes until the buffer ends. */
  static List<IpPrefix> prefixes(ByteBuffer b, int afi, int subcode, String what)
      throws BgpProtocolException {
    int max = afi == Afi.IPV6 ? 128 : 32;
    List<IpPrefix> out = new ArrayList<>();
    while (b.hasRemaining()) {
      int len = Byte.toUnsignedInt(b.get());
      if (len > max) {
        throw err(subcode, null, what + ": prefix length " + len);
      }
      int bytes = (len + 7) / 8;
      if (bytes > b.remaining()) {
        throw err(subcode, null, what + ": prefix overruns the field");
      }
      byte[] sig = new byte[bytes];
      b.get(sig);
      out.add(IpPrefix.fromWire(afi, sig, len));
    }
    return out;
  }

  private static PathAttributes attributes(ByteBuffer b, BgpDecoder.Context ctx)
      throws BgpProtocolException {
    PathAttributes.Builder pa = PathAttributes.builder();
    Set<Integer> seen = new HashSet<>();
    while (b.hasRemaining()) {
      int start = b.position();
      if (b.remaining() < 3) {
        throw err(BgpError.UPDATE_MALFORMED_ATTRIBUTE_LIST, null, "truncated attribute header");
      }
      int flags = Byte.toUnsignedInt(b.get());
      int type = Byte.toUnsignedInt(b.get());
      boolean ext = (flags & FLAG_EXTENDED_LENGTH) != 0;
      if (ext && b.remaining() < 2) {
        throw err(BgpError.UPDATE_MALFORMED_ATTRIBUTE_LIST, null, "truncated attribute header");
      }
      int len = ext ? Short.toUnsignedInt(b.getShort()) : Byte.toUnsignedInt(b.get());
      if (len > b.remaining()) {
        throw err(
            BgpError.UPDATE_MALFORMED_ATTRIBUTE_LIST, null, "attribute " + type + " overruns");
      }
      byte[] value = new byte[len];
      b.get(value);
      byte[] whole = new byte[b.position() - start];
      b.get(start, whole);
      if (!seen.add(type)) {
        throw err(BgpError.UPDATE_MALFORMED_ATTRIBUTE_LIST, null, "attribute " + type + " twice");
      }
      AttributeParser.parse(pa, flags, type, value, whole, ctx);
    }
    return pa.build();
  }

  /** Per-attribute checks and parsing. */
  static final class AttributeParser {
    private AttributeParser() {}

    static void parse(
        PathAttributes.Builder pa,
        int flags,
        int type,
        byte[] v,
        byte[] whole,
        BgpDecoder.Context ctx)
        throws BgpProtocolException {
      int kind = kind(type);
      if (kind == UNKNOWN) {
        if ((flags & FLAG_OPTIONAL) == 0) {
          throw err(BgpError.UPDATE_UNRECOGNIZED_WELL_KNOWN, whole, "unknown well-known attribute");
        }
        if ((flags & FLAG_TRANSITIVE) != 0) {
          pa.addOther(new PathAttributes.RawAttribute(flags | FLAG_PARTIAL, type, v));
        }
        return; // unrecognised optional non-transitive: quietly ignored
      }
      checkFlags(flags, kind, whole);
      ByteBuffer b = ByteBuffer.wrap(v);
      switch (type) {
        case PathAttributes.ORIGIN -> {
          length(v.length == 1, whole);
          int o = v[0];
          if (o < 0 || o > 2) {
            throw err(BgpError.UPDATE_INVALID_ORIGIN, whole, "ORIGIN " + o);
          }
          pa.origin(PathAttributes.Origin.values()[o]);
        }
        case PathAttributes.AS_PATH -> pa.asPath(asPath(b, ctx.fourOctetAs() ? 4 : 2, whole));
        case PathAttributes.NEXT_HOP -> {
          length(v.length == 4, whole);
          int first = Byte.toUnsignedInt(v[0]);
          boolean allOnes = v[0] == -1 && v[1] == -1 && v[2] == -1 && v[3] == -1;
          boolean zero = v[0] == 0 && v[1] == 0 && v[2] == 0 && v[3] == 0;
          if (zero || allOnes || (first >= 224 && first < 240)) {
            throw err(BgpError.UPDATE_INVALID_NEXT_HOP, whole, "NEXT_HOP not a unicast address");
          }
          pa.nextHop(address(v));
        }
        case PathAttributes.MED -> {
          length(v.length == 4, whole);
          pa.med(Integer.toUnsignedLong(b.getInt()));
        }
        case PathAttributes.LOCAL_PREF -> {
          length(v.length == 4, whole);
          pa.localPref(Integer.toUnsignedLong(b.getInt()));
        }
        case PathAttributes.ATOMIC_AGGREGATE -> {
          length(v.length == 0, whole);
          pa.atomicAggregate(true);
        }
        case PathAttributes.AGGREGATOR -> {
          length(v.length == (ctx.fourOctetAs() ? 8 : 6), whole);
          pa.addOther(new PathAttributes.RawAttribute(flags, type, v));
        }
        case PathAttributes.AS4_AGGREGATOR -> {
          length(v.length == 8, whole);
          pa.addOther(new PathAttributes.RawAttribute(flags, type, v));
        }
        case PathAttributes.AS4_PATH -> {
          asPath(ByteBuffer.wrap(v), 4, whole);
          pa.addOther(new PathAttributes.RawAttribute(flags, type, v));
        }
        case PathAttributes.COMMUNITIES -> {
          optional(v.length % 4 == 0 && v.length > 0, whole, "COMMUNITIES length");
          List<Long> cs = new ArrayList<>();
          while (b.hasRemaining()) {
            cs.add(Integer.toUnsignedLong(b.getInt()));
          }
          pa.communities(cs);
        }
        case PathAttributes.LARGE_COMMUNITIES -> {
          optional(v.length % 12 == 0 && v.length > 0, whole, "LARGE_COMMUNITIES length");
          List<PathAttributes.LargeCommunity> cs = new ArrayList<>();
          while (b.hasRemaining()) {
            cs.add(
                new PathAttributes.LargeCommunity(
                    Integer.toUnsignedLong(b.getInt()),
                    Integer.toUnsignedLong(b.getInt()),
                    Integer.toUnsignedLong(b.getInt())));
          }
          pa.largeCommunities(cs);
        }
        case PathAttributes.MP_REACH_NLRI -> pa.mpReach(mpReach(b, whole));
        default -> pa.mpUnreach(mpUnreach(b, whole));
      }
    }

    private static final int UNKNOWN = 0;
    private static final int WELL_KNOWN = 1;
    private static final int OPT_NON_TRANSITIVE = 2;
    private static final int OPT_TRANSITIVE = 3;

    private static int kind(int type) {
      return switch (type) {
        case PathAttributes.ORIGIN,
            PathAttributes.AS_PATH,
            PathAttributes.NEXT_HOP,
            PathAttributes.LOCAL_PREF,
            PathAttributes.ATOMIC_AGGREGATE ->
            WELL_KNOWN;
        case PathAttributes.MED, PathAttributes.MP_REACH_NLRI, PathAttributes.MP_UNREACH_NLRI ->
            OPT_NON_TRANSITIVE;
        case PathAttributes.AGGREGATOR,
            PathAttributes.COMMUNITIES,
            PathAttributes.AS4_PATH,
            PathAttributes.AS4_AGGREGATOR,
            PathAttributes.LARGE_COMMUNITIES ->
            OPT_TRANSITIVE;
        default -> UNKNOWN;
      };
    }

    private static void checkFlags(int flags, int kind, byte[] whole) throws BgpProtocolException {
      int f = flags & (FLAG_OPTIONAL | FLAG_TRANSITIVE | FLAG_PARTIAL);
      boolean ok =
          switch (kind) {
            case WELL_KNOWN -> f == FLAG_TRANSITIVE;
            case OPT_NON_TRANSITIVE -> f == FLAG_OPTIONAL;
            default -> (f & ~FLAG_PARTIAL) == (FLAG_OPTIONAL | FLAG_TRANSITIVE);
          };
      if (!ok) {
        throw err(
            BgpError.UPDATE_ATTRIBUTE_FLAGS,
            whole,
            "attribute flags 0x" + Integer.toHexString(flags));
      }
    }

    private static void length(boolean ok, byte[] whole) throws BgpProtocolException {
      if (!ok) {
        throw err(BgpError.UPDATE_ATTRIBUTE_LENGTH, whole, "attribute " + whole[1] + " length");
      }
    }

    private static void optional(boolean ok, byte[] whole, String what)
        throws BgpProtocolException {
      if (!ok) {
        throw err(BgpError.UPDATE_OPTIONAL_ATTRIBUTE, whole, what);
      }
    }

    private static List<PathAttributes.AsPathSegment> asPath(ByteBuffer b, int width, byte[] whole)
        throws BgpProtocolException {
      List<PathAttributes.AsPathSegment> segs = new ArrayList<>();
      while (b.hasRemaining()) {
        if (b.remaining() < 2) {
          throw err(BgpError.UPDATE_MALFORMED_AS_PATH, null, "truncated AS_PATH segment");
        }
        int type = Byte.toUnsignedInt(b.get());
        int count = Byte.toUnsignedInt(b.get());
        if (type < 1 || type > 4 || count == 0 || count * width > b.remaining()) {
          throw err(BgpError.UPDATE_MALFORMED_AS_PATH, null, "malformed AS_PATH segment");
        }
        List<Long> asns = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
          asns.add(
              width == 4
                  ? Integer.toUnsignedLong(b.getInt())
                  : (long) Short.toUnsignedInt(b.getShort()));
        }
        segs.add(new PathAttributes.AsPathSegment(type, asns));
      }
      return segs;
    }

    private static PathAttributes.MpReach mpReach(ByteBuffer b, byte[] whole)
        throws BgpProtocolException {
      optional(b.remaining() >= 5, whole, "MP_REACH_NLRI too short");
      int afi = Short.toUnsignedInt(b.getShort());
      int safi = Byte.toUnsignedInt(b.get());
      int nhLen = Byte.toUnsignedInt(b.get());
      optional(nhLen + 1 <= b.remaining(), whole, "MP_REACH_NLRI next hop overruns");
      byte[] nh = new byte[nhLen];
      b.get(nh);
      b.get(); // reserved
      List<InetAddress> hops = new ArrayList<>();
      if (afi == Afi.IPV4 && safi == Afi.SAFI_UNICAST) {
        optional(nhLen == 4, whole, "IPv4 next hop length " + nhLen);
        hops.add(address(nh));
      } else if (afi == Afi.IPV6 && safi == Afi.SAFI_UNICAST) {
        optional(nhLen == 16 || nhLen == 32, whole, "IPv6 next hop length " + nhLen);
        for (int i = 0; i < nhLen; i += 16) {
          hops.add(address(java.util.Arrays.copyOfRange(nh, i, i + 16)));
        }
      } else {
        b.position(b.limit()); // a family we did not negotiate: nothing to parse
        return new PathAttributes.MpReach(afi, safi, List.of(), List.of());
      }
      List<IpPrefix> nlri =
          prefixes(b, afi, BgpError.UPDATE_OPTIONAL_ATTRIBUTE, "MP_REACH_NLRI prefixes");
      return new PathAttributes.MpReach(afi, safi, hops, nlri);
    }

    private static PathAttributes.MpUnreach mpUnreach(ByteBuffer b, byte[] whole)
        throws BgpProtocolException {
      optional(b.remaining() >= 3, whole, "MP_UNREACH_NLRI too short");
      int afi = Short.toUnsignedInt(b.getShort());
      int safi = Byte.toUnsignedInt(b.get());
      if (!((afi == Afi.IPV4 || afi == Afi.IPV6) && safi == Afi.SAFI_UNICAST)) {
        b.position(b.limit());
        return new PathAttributes.MpUnreach(afi, safi, List.of());
      }
      return new PathAttributes.MpUnreach(
          afi,
          safi,
          prefixes(b, afi, BgpError.UPDATE_OPTIONAL_ATTRIBUTE, "MP_UNREACH_NLRI prefixes"));
    }

    private static InetAddress address(byte[] b) {
      try {
        return InetAddress.getByAddress(b);
      } catch (UnknownHostException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
