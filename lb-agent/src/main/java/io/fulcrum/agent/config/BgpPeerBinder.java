package io.fulcrum.agent.config;

import io.fulcrum.bgp.PeerConfig;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Binds one entry of {@code bgp.peers}, reporting each bad value with its line and field. */
final class BgpPeerBinder {
  private static final Set<String> PEER =
      Set.of(
          "address",
          "port",
          "peerAs",
          "localAddress",
          "passwordFile",
          "ttl",
          "holdTime",
          "keepaliveTime",
          "connectRetryTime",
          "passive",
          "families",
          "nextHopV4",
          "nextHopV6",
          "bfd");

  private final Fields f;
  private final String p;
  private final long localAs;
  private final boolean enabled;

  BgpPeerBinder(Fields f, String p, long localAs, boolean enabled) {
    this.f = f;
    this.p = p;
    this.localAs = localAs;
    this.enabled = enabled;
  }

  BgpSection.Peer bind(YNode.Mapping m) {
    int before = f.errors().size();
    f.onlyKnown(m, p, PEER);
    YNode an = f.value(m, "address", p, enabled);
    InetAddress address = an == null ? null : f.address(an, p + ".address");
    Integer port = f.integer(m, "port", p, false, 179, 1, 65535);
    Long peerAs = new BgpBinder(f).number(m, "peerAs", p, enabled, 1, BgpBinder.U32);
    InetAddress local = family(m, "localAddress", address == null ? null : address.getClass());
    String pw = f.string(m, "passwordFile", p, false, null);
    Path pwFile = null;
    if (pw != null) {
      try {
        pwFile = Path.of(pw);
      } catch (InvalidPathException e) {
        f.error(
            m.fields().get("passwordFile").value().pos(),
            p + ".passwordFile",
            "'" + pw + "' is not a valid path");
      }
    }
    boolean ibgp = peerAs != null && peerAs == localAs;
    Integer ttl = f.integer(m, "ttl", p, false, ibgp ? 255 : 1, 1, 255);
    BgpBinder b = new BgpBinder(f);
    Integer hold = b.seconds(m, "holdTime", p, 90, 0, 65535);
    if (hold != null && hold > 0 && hold < 3) {
      f.error(m.fields().get("holdTime").value().pos(), p + ".holdTime", "must be 0 or 3s-65535s");
      hold = null;
    }
    int keepDefault = hold == null ? 30 : hold / 3;
    Integer keep = b.seconds(m, "keepaliveTime", p, keepDefault, 0, 21845);
    if (keep != null && hold != null && hold > 0 && keep >= hold) {
      f.error(
          m.fields().get("keepaliveTime").value().pos(),
          p + ".keepaliveTime",
          "must be below holdTime (" + hold + "s)");
    }
    Integer retry = b.seconds(m, "connectRetryTime", p, 5, 1, 65535);
    Boolean passive = f.bool(m, "passive", p, false);
    List<Integer> families = families(m);
    InetAddress nh4 = family(m, "nextHopV4", Inet4Address.class);
    InetAddress nh6 = family(m, "nextHopV6", java.net.Inet6Address.class);
    PeerConfig.BfdConfig bfd = bfd(m);
    if (f.errors().size() > before
        || address == null
        || peerAs == null
        || hold == null
        || keep == null
        || retry == null
        || passive == null
        || ttl == null) {
      return null;
    }
    return new BgpSection.Peer(
        address, port, peerAs, local, pwFile, ttl, hold, keep, retry, passive, families, nh4, nh6,
        bfd);
  }

  /** An address that must be of the given family (Inet4Address / Inet6Address), if known. */
  private InetAddress family(YNode.Mapping m, String key, Class<?> family) {
    YNode n = f.value(m, key, p, false);
    if (n == null) {
      return null;
    }
    InetAddress a = f.address(n, p + "." + key);
    if (a != null && family != null && !family.isInstance(a)) {
      f.error(
          n.pos(),
          p + "." + key,
          "must be an "
              + (family == Inet4Address.class ? "IPv4" : "IPv6")
              + " address"
              + (key.equals("localAddress") ? " like the peer's" : ""));
      return null;
    }
    return a;
  }

  private List<Integer> families(YNode.Mapping m) {
    YNode n = f.value(m, "families", p, false);
    if (n == null) {
      return List.of(1, 2);
    }
    YNode.Sequence s = f.sequence(n, p + ".families");
    if (s == null) {
      return List.of(1, 2);
    }
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < s.items().size(); i++) {
      YNode item = s.items().get(i);
      String t = item instanceof YNode.Scalar sc ? sc.text() : "";
      int afi =
          switch (t) {
            case "ipv4", "ipv4-unicast" -> 1;
            case "ipv6", "ipv6-unicast" -> 2;
            default -> 0;
          };
      if (afi == 0) {
        f.error(item.pos(), p + ".families[" + i + "]", "must be ipv4 or ipv6");
      } else if (!out.contains(afi)) {
        out.add(afi);
      }
    }
    if (out.isEmpty() && s.items().isEmpty()) {
      f.error(s.pos(), p + ".families", "must name at least one of ipv4, ipv6");
    }
    return out;
  }

  /** {@code bfd: true} (300 ms x 3), or {@code {minTxMillis, minRxMillis, multiplier}}. */
  private PeerConfig.BfdConfig bfd(YNode.Mapping m) {
    YNode n = f.value(m, "bfd", p, false);
    if (n == null) {
      return null;
    }
    String bp = p + ".bfd";
    if (n instanceof YNode.Scalar s && s.kind() == YNode.Kind.BOOLEAN) {
      return Boolean.parseBoolean(s.text()) ? PeerConfig.BfdConfig.DEFAULT : null;
    }
    YNode.Mapping bm = f.mapping(n, bp);
    if (bm == null) {
      return null;
    }
    f.onlyKnown(bm, bp, Set.of("enabled", "minTxMillis", "minRxMillis", "multiplier"));
    Boolean on = f.bool(bm, "enabled", bp, true);
    Integer tx = f.integer(bm, "minTxMillis", bp, false, 300, 10, 60_000);
    Integer rx = f.integer(bm, "minRxMillis", bp, false, tx == null ? 300 : tx, 10, 60_000);
    Integer mult = f.integer(bm, "multiplier", bp, false, 3, 1, 255);
    if (on == null || tx == null || rx == null || mult == null || !on) {
      return null;
    }
    return new PeerConfig.BfdConfig(tx, rx, mult);
  }
}
