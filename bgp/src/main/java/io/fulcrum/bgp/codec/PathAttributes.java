package io.fulcrum.bgp.codec;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The path attributes of an UPDATE (RFC 4271 5; RFC 1997; RFC 8092; RFC 4760). Absent attributes
 * are null (or an empty list for communities and unknown attributes).
 */
public record PathAttributes(
    Origin origin,
    List<AsPathSegment> asPath,
    InetAddress nextHop,
    Long med,
    Long localPref,
    boolean atomicAggregate,
    List<Long> communities,
    List<LargeCommunity> largeCommunities,
    MpReach mpReach,
    MpUnreach mpUnreach,
    List<RawAttribute> others) {

  public static final int ORIGIN = 1;
  public static final int AS_PATH = 2;
  public static final int NEXT_HOP = 3;
  public static final int MED = 4;
  public static final int LOCAL_PREF = 5;
  public static final int ATOMIC_AGGREGATE = 6;
  public static final int AGGREGATOR = 7;
  public static final int COMMUNITIES = 8;
  public static final int MP_REACH_NLRI = 14;
  public static final int MP_UNREACH_NLRI = 15;
  public static final int AS4_PATH = 17;
  public static final int AS4_AGGREGATOR = 18;
  public static final int LARGE_COMMUNITIES = 32;

  public static final int FLAG_OPTIONAL = 0x80;
  public static final int FLAG_TRANSITIVE = 0x40;
  public static final int FLAG_PARTIAL = 0x20;
  public static final int FLAG_EXTENDED_LENGTH = 0x10;

  public static final PathAttributes EMPTY = builder().build();

  public PathAttributes {
    asPath = asPath == null ? null : List.copyOf(asPath);
    communities = communities == null ? List.of() : List.copyOf(communities);
    largeCommunities = largeCommunities == null ? List.of() : List.copyOf(largeCommunities);
    others = others == null ? List.of() : List.copyOf(others);
  }

  /** True when no attribute at all is present. */
  public boolean isEmpty() {
    return origin == null
        && asPath == null
        && nextHop == null
        && med == null
        && localPref == null
        && !atomicAggregate
        && communities.isEmpty()
        && largeCommunities.isEmpty()
        && mpReach == null
        && mpUnreach == null
        && others.isEmpty();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these attributes. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.origin = origin;
    b.asPath = asPath;
    b.nextHop = nextHop;
    b.med = med;
    b.localPref = localPref;
    b.atomicAggregate = atomicAggregate;
    b.communities = communities;
    b.largeCommunities = largeCommunities;
    b.mpReach = mpReach;
    b.mpUnreach = mpUnreach;
    b.others = new ArrayList<>(others);
    return b;
  }

  /** ORIGIN values. */
  public enum Origin {
    IGP,
    EGP,
    INCOMPLETE
  }

  /** An AS_PATH segment: AS_SET (1), AS_SEQUENCE (2), AS_CONFED_SEQUENCE (3), AS_CONFED_SET (4). */
  public record AsPathSegment(int type, List<Long> asns) {
    public static final int AS_SET = 1;
    public static final int AS_SEQUENCE = 2;
    public static final int AS_CONFED_SEQUENCE = 3;
    public static final int AS_CONFED_SET = 4;

    public AsPathSegment {
      asns = List.copyOf(asns);
    }

    public static AsPathSegment sequence(Long... asns) {
      return new AsPathSegment(AS_SEQUENCE, List.of(asns));
    }
  }

  /** A large community (RFC 8092): three unsigned 32-bit numbers. */
  public record LargeCommunity(long globalAdmin, long local1, long local2) {
    /** Parses "a:b:c". */
    public static LargeCommunity parse(String text) {
      String[] p = text.split(":");
      if (p.length != 3) {
        throw new IllegalArgumentException("large community must be a:b:c: " + text);
      }
      return new LargeCommunity(u32(p[0]), u32(p[1]), u32(p[2]));
    }

    @Override
    public String toString() {
      return globalAdmin + ":" + local1 + ":" + local2;
    }
  }

  /** Parses a standard community "high:low" (RFC 1997) into its 32-bit value. */
  public static long parseCommunity(String text) {
    String[] p = text.split(":");
    if (p.length != 2) {
      throw new IllegalArgumentException("community must be a:b: " + text);
    }
    long hi = Long.parseLong(p[0]);
    long lo = Long.parseLong(p[1]);
    if (hi < 0 || hi > 0xffff || lo < 0 || lo > 0xffff) {
      throw new IllegalArgumentException("community halves must be 0..65535: " + text);
    }
    return (hi << 16) | lo;
  }

  private static long u32(String s) {
    long v = Long.parseLong(s);
    if (v < 0 || v > 0xffffffffL) {
      throw new IllegalArgumentException("not an unsigned 32-bit number: " + s);
    }
    return v;
  }

  /** MP_REACH_NLRI (RFC 4760 3): next hops (global, optionally link-local) and routes. */
  public record MpReach(int afi, int safi, List<InetAddress> nextHops, List<IpPrefix> nlri) {
    public MpReach {
      nextHops = List.copyOf(nextHops);
      nlri = List.copyOf(nlri);
    }
  }

  /** MP_UNREACH_NLRI (RFC 4760 4). */
  public record MpUnreach(int afi, int safi, List<IpPrefix> withdrawn) {
    public MpUnreach {
      withdrawn = List.copyOf(withdrawn);
    }
  }

  /** An attribute kept as bytes (unrecognised optional transitive, AGGREGATOR, AS4_PATH...). */
  public record RawAttribute(int flags, int typeCode, byte[] value) {
    public RawAttribute {
      value = value.clone();
    }

    @Override
    public byte[] value() {
      return value.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof RawAttribute r
          && r.flags == flags
          && r.typeCode == typeCode
          && Arrays.equals(r.value, value);
    }

    @Override
    public int hashCode() {
      return 31 * (31 * flags + typeCode) + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return "RawAttribute[type=" + typeCode + ", flags=" + flags + ", " + value.length + " bytes]";
    }
  }

  /** Mutable builder. */
  public static final class Builder {
    private Origin origin;
    private List<AsPathSegment> asPath;
    private InetAddress nextHop;
    private Long med;
    private Long localPref;
    private boolean atomicAggregate;
    private List<Long> communities = List.of();
    private List<LargeCommunity> largeCommunities = List.of();
    private MpReach mpReach;
    private MpUnreach mpUnreach;
    private List<RawAttribute> others = new ArrayList<>();

    public Builder origin(Origin v) {
      origin = v;
      return this;
    }

    public Builder asPath(List<AsPathSegment> v) {
      asPath = v;
      return this;
    }

    public Builder nextHop(InetAddress v) {
      nextHop = v;
      return this;
    }

    public Builder med(Long v) {
      med = v;
      return this;
    }

    public Builder localPref(Long v) {
      localPref = v;
      return this;
    }

    public Builder atomicAggregate(boolean v) {
      atomicAggregate = v;
      return this;
    }

    public Builder communities(List<Long> v) {
      communities = v;
      return this;
    }

    public Builder largeCommunities(List<LargeCommunity> v) {
      largeCommunities = v;
      return this;
    }

    public Builder mpReach(MpReach v) {
      mpReach = v;
      return this;
    }

    public Builder mpUnreach(MpUnreach v) {
      mpUnreach = v;
      return this;
    }

    public Builder addOther(RawAttribute v) {
      others.add(v);
      return this;
    }

    public PathAttributes build() {
      return new PathAttributes(
          origin,
          asPath,
          nextHop,
          med,
          localPref,
          atomicAggregate,
          communities,
          largeCommunities,
          mpReach,
          mpUnreach,
          others);
    }
  }
}
