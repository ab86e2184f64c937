package io.fulcrum.bgp.codec;

import static io.fulcrum.bgp.codec.PathAttributes.FLAG_EXTENDED_LENGTH;
import static io.fulcrum.bgp.codec.PathAttributes.FLAG_OPTIONAL;
import static io.fulcrum.bgp.codec.PathAttributes.FLAG_PARTIAL;
import static io.fulcrum.bgp.codec.PathAttributes.FLAG_TRANSITIVE;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.util.List;

/** Encodes BGP messages to wire bytes (RFC 4271 4). Pure: no I/O, no state. */
public final class BgpEncoder {
  /** AS_TRANS (RFC 6793): the 2-octet stand-in for a 4-octet AS number. */
  public static final int AS_TRANS = 23456;

  public static final int HEADER_LENGTH = 19;
  public static final int MAX_LENGTH = 4096;

  private BgpEncoder() {}

  /** Encodes a message; {@code fourOctetAs} selects the AS_PATH encoding of UPDATEs. */
  public static byte[] encode(BgpMessage message, boolean fourOctetAs) {
    Out body = new Out();
    if (message instanceof BgpMessage.Open o) {
      open(body, o);
    } else if (message instanceof BgpMessage.Update u) {
      update(body, u, fourOctetAs);
    } else if (message instanceof BgpMessage.Notification n) {
      body.u8(n.code());
      body.u8(n.subcode());
      body.bytes(n.data());
    } else if (message instanceof BgpMessage.RouteRefresh r) {
      body.u16(r.afi());
      body.u8(r.subtype());
      body.u8(r.safi());
    }
    int length = HEADER_LENGTH + body.size();
    if (length > MAX_LENGTH) {
      throw new IllegalArgumentException("message of " + length + " bytes exceeds 4096");
    }
    Out out = new Out();
    for (int i = 0; i < 16; i++) {
      out.u8(0xff);
    }
    out.u16(length);
    out.u8(message.type());
    out.bytes(body.toByteArray());
    return out.toByteArray();
  }

  private static void open(Out b, BgpMessage.Open o) {
    b.u8(o.version());
    b.u16(o.myAs());
    b.u16(o.holdTime());
    b.u32(o.bgpId());
    Out params = new Out();
    for (Capability c : o.capabilities()) {
      byte[] v = capabilityValue(c);
      params.u8(2); // optional parameter type: capabilities
      params.u8(v.length + 2);
      params.u8(c.code());
      params.u8(v.length);
      params.bytes(v);
    }
    byte[] p = params.toByteArray();
    if (p.length > 255) {
      throw new IllegalArgumentException("optional parameters longer than 255 bytes");
    }
    b.u8(p.length);
    b.bytes(p);
  }

  private static byte[] capabilityValue(Capability c) {
    Out v = new Out();
    if (c instanceof Capability.Multiprotocol m) {
      v.u16(m.afi());
      v.u8(0);
      v.u8(m.safi());
    } else if (c instanceof Capability.FourOctetAs f) {
      v.u32(f.as());
    } else if (c instanceof Capability.GracefulRestart g) {
      v.u16((g.restarting() ? 0x8000 : 0) | (g.restartTime() & 0x0fff));
      for (Capability.GracefulRestart.Family f : g.families()) {
        v.u16(f.afi());
        v.u8(f.safi());
        v.u8(f.forwardingPreserved() ? 0x80 : 0);
      }
    } else if (c instanceof Capability.Unknown u) {
      v.bytes(u.value());
    }
    return v.toByteArray();
  }

  private static void update(Out b, BgpMessage.Update u, boolean fourOctetAs) {
    Out withdrawn = new Out();
    for (IpPrefix p : u.withdrawn()) {
      prefix(withdrawn, p);
    }
    b.u16(withdrawn.size());
    b.bytes(withdrawn.toByteArray());
    byte[] attrs = attributes(u.attributes(), fourOctetAs);
    b.u16(attrs.length);
    b.bytes(attrs);
    for (IpPrefix p : u.nlri()) {
      prefix(b, p);
    }
  }

  /** Encodes a prefix as length byte plus significant address bytes. */
  public static void prefix(Out out, IpPrefix p) {
    out.u8(p.length());
    byte[] a = p.address().getAddress();
    out.bytes(a, 0, (p.length() + 7) / 8);
  }

  /** The wire size of a prefix in NLRI. */
  public static int prefixSize(IpPrefix p) {
    return 1 + (p.length() + 7) / 8;
  }

  /** Encodes path attributes (the "Path Attributes" field of an UPDATE). */
  public static byte[] attributes(PathAttributes a, boolean fourOctetAs) {
    Out out = new Out();
    if (a.origin() != null) {
      attr(out, FLAG_TRANSITIVE, PathAttributes.ORIGIN, new byte[] {(byte) a.origin().ordinal()});
    }
    boolean needAs4 = false;
    if (a.asPath() != null) {
      Out v = new Out();
      for (PathAttributes.AsPathSegment s : a.asPath()) {
        v.u8(s.type());
        v.u8(s.asns().size());
        for (long as : s.asns()) {
          if (fourOctetAs) {
            v.u32(as);
          } else {
            needAs4 |= as > 0xffff;
            v.u16(as > 0xffff ? AS_TRANS : (int) as);
          }
        }
      }
      attr(out, FLAG_TRANSITIVE, PathAttributes.AS_PATH, v.toByteArray());
    }
    if (a.nextHop() != null) {
      attr(out, FLAG_TRANSITIVE, PathAttributes.NEXT_HOP, a.nextHop().getAddress());
    }
    if (a.med() != null) {
      attr(out, FLAG_OPTIONAL, PathAttributes.MED, new Out().u32(a.med()).toByteArray());
    }
    if (a.localPref() != null) {
      attr(
          out,
          FLAG_TRANSITIVE,
          PathAttributes.LOCAL_PREF,
          new Out().u32(a.localPref()).toByteArray());
    }
    if (a.atomicAggregate()) {
      attr(out, FLAG_TRANSITIVE, PathAttributes.ATOMIC_AGGREGATE, new byte[0]);
    }
    if (!a.communities().isEmpty()) {
      Out v = new Out();
      a.communities().forEach(v::u32);
      attr(out, FLAG_OPTIONAL | FLAG_TRANSITIVE, PathAttributes.COMMUNITIES, v.toByteArray());
    }
    if (a.mpReach() != null) {
      PathAttributes.MpReach m = a.mpReach();
      Out v = new Out();
      v.u16(m.afi());
      v.u8(m.safi());
      int nhLen = 0;
      for (InetAddress nh : m.nextHops()) {
        nhLen += nh.getAddress().length;
      }
      v.u8(nhLen);
      for (InetAddress nh : m.nextHops()) {
        v.bytes(nh.getAddress());
      }
      v.u8(0);
      m.nlri().forEach(p -> prefix(v, p));
      attr(out, FLAG_OPTIONAL, PathAttributes.MP_REACH_NLRI, v.toByteArray());
    }
    if (a.mpUnreach() != null) {
      PathAttributes.MpUnreach m = a.mpUnreach();
      Out v = new Out();
      v.u16(m.afi());
      v.u8(m.safi());
      m.withdrawn().forEach(p -> prefix(v, p));
      attr(out, FLAG_OPTIONAL, PathAttributes.MP_UNREACH_NLRI, v.toByteArray());
    }
    if (needAs4) {
      Out v = new Out();
      for (PathAttributes.AsPathSegment s : a.asPath()) {
        v.u8(s.type());
        v.u8(s.asns().size());
        s.asns().forEach(v::u32);
      }
      attr(out, FLAG_OPTIONAL | FLAG_TRANSITIVE, PathAttributes.AS4_PATH, v.toByteArray());
    }
    if (!a.largeCommunities().isEmpty()) {
      Out v = new Out();
      for (PathAttributes.LargeCommunity c : a.largeCommunities()) {
        v.u32(c.globalAdmin()).u32(c.local1()).u32(c.local2());
      }
      attr(out, FLAG_OPTIONAL | FLAG_TRANSITIVE, PathAttributes.LARGE_COMMUNITIES, v.toByteArray());
    }
    for (PathAttributes.RawAttribute r : a.others()) {
      attr(
          out,
          r.flags() & (FLAG_OPTIONAL | FLAG_TRANSITIVE | FLAG_PARTIAL),
          r.typeCode(),
          r.value());
    }
    return out.toByteArray();
  }

  private static void attr(Out out, int flags, int type, byte[] value) {
    boolean ext = value.length > 255;
    out.u8(flags | (ext ? FLAG_EXTENDED_LENGTH : 0));
    out.u8(type);
    if (ext) {
      out.u16(value.length);
    } else {
      out.u8(value.length);
    }
    out.bytes(value);
  }

  /** Encodes the full UPDATE for a list of attributes/NLRI: used to size UPDATE packing. */
  public static int updateSize(List<IpPrefix> withdrawn, byte[] attrs, List<IpPrefix> nlri) {
    int size = HEADER_LENGTH + 4 + attrs.length;
    for (IpPrefix p : withdrawn) {
      size += prefixSize(p);
    }
    for (IpPrefix p : nlri) {
      size += prefixSize(p);
    }
    return size;
  }

  /** A tiny big-endian byte sink. */
  public static final class Out {
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

    public Out u8(int v) {
      buf.write(v & 0xff);
      return this;
    }

    public Out u16(int v) {
      return u8(v >>> 8).u8(v);
    }

    public Out u32(long v) {
      return u16((int) (v >>> 16)).u16((int) v);
    }

    public Out bytes(byte[] b) {
      buf.write(b, 0, b.length);
      return this;
    }

    public Out bytes(byte[] b, int off, int len) {
      buf.write(b, off, len);
      return this;
    }

    public int size() {
      return buf.size();
    }

    public byte[] toByteArray() {
      return buf.toByteArray();
    }
  }
}
