package io.fulcrum.agent.config;

import io.fulcrum.bgp.AnnounceMode;
import io.fulcrum.bgp.codec.PathAttributes;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Binds the {@code bgp} section, reporting each bad value with its line and field. A disabled
 * section is still type-checked (a typo is reported before anyone enables it); the values only an
 * enabled speaker needs (local AS, at least one peer) are required only when enabled.
 */
final class BgpBinder {
  static final Set<String> ATTRIBUTES =
      Set.of("med", "localPref", "communities", "largeCommunities", "nextHop");
  private static final Set<String> KEYS =
      union(
          ATTRIBUTES,
          Set.of(
              "enabled",
              "localAs",
              "routerId",
              "listen",
              "announceMode",
              "gracefulRestart",
              "pools",
              "services",
              "peers"));
  private static final Set<String> POOL = union(ATTRIBUTES, Set.of("prefix"));
  private static final List<String> MODES = List.of("owner", "all");
  static final long U32 = 0xffffffffL;

  private final Fields f;

  BgpBinder(Fields f) {
    this.f = f;
  }

  BgpSection bind(YNode node) {
    String p = "bgp";
    YNode.Mapping m = f.mapping(node, p);
    if (m == null) {
      return BgpSection.DISABLED;
    }
    int before = f.errors().size();
    f.onlyKnown(m, p, KEYS);
    Boolean enabled = f.bool(m, "enabled", p, false);
    boolean on = Boolean.TRUE.equals(enabled);
    Long localAs = number(m, "localAs", p, on, 1, U32);
    InetAddress routerId = routerId(m, p);
    InetSocketAddress listen = listen(m, p);
    String mode = f.choice(m, "announceMode", p, MODES, "owner");
    BgpSection.GracefulRestart gr = gracefulRestart(m, p);
    BgpSection.Attributes defaults = attributes(m, p);
    List<BgpSection.Pool> pools = pools(m, p);
    Map<String, BgpSection.Attributes> services = services(m, p);
    List<BgpSection.Peer> peers = peers(m, p, on, localAs == null ? -1 : localAs);
    if (f.errors().size() > before || !on) {
      return BgpSection.DISABLED;
    }
    return new BgpSection(
        true,
        localAs,
        routerId,
        listen,
        AnnounceMode.parse(mode),
        gr,
        defaults,
        pools,
        services,
        peers);
  }

  private InetAddress routerId(YNode.Mapping m, String p) {
    YNode n = f.value(m, "routerId", p, false);
    if (n == null) {
      return null;
    }
    InetAddress a = f.address(n, p + ".routerId");
    if (a != null && !(a instanceof Inet4Address)) {
      f.error(n.pos(), p + ".routerId", "must be an IPv4 address (the BGP identifier)");
      return null;
    }
    return a;
  }

  /** {@code listen: false} (the default), {@code true} (every address, port 179), or host:port. */
  private InetSocketAddress listen(YNode.Mapping m, String p) {
    YNode n = f.value(m, "listen", p, false);
    if (n == null) {
      return null;
    }
    if (n instanceof YNode.Scalar s && s.kind() == YNode.Kind.BOOLEAN) {
      return Boolean.parseBoolean(s.text()) ? new InetSocketAddress(179) : null;
    }
    return ConfigParser.hostPort(f, n, p + ".listen");
  }

  private BgpSection.GracefulRestart gracefulRestart(YNode.Mapping m, String p) {
    BgpSection.GracefulRestart d = BgpSection.GracefulRestart.DEFAULT;
    YNode n = f.value(m, "gracefulRestart", p, false);
    String gp = p + ".gracefulRestart";
    if (n == null) {
      return d;
    }
    if (n instanceof YNode.Scalar s && s.kind() == YNode.Kind.BOOLEAN) {
      return new BgpSection.GracefulRestart(Boolean.parseBoolean(s.text()), d.restartTimeSeconds());
    }
    YNode.Mapping gm = f.mapping(n, gp);
    if (gm == null) {
      return d;
    }
    f.onlyKnown(gm, gp, Set.of("enabled", "restartTime"));
    Boolean on = f.bool(gm, "enabled", gp, true);
    Integer time = seconds(gm, "restartTime", gp, d.restartTimeSeconds(), 1, 4095);
    return on == null || time == null ? d : new BgpSection.GracefulRestart(on, time);
  }

  private BgpSection.Attributes attributes(YNode.Mapping m, String p) {
    Long med = number(m, "med", p, false, 0, U32);
    Long lp = number(m, "localPref", p, false, 0, U32);
    List<Long> comms = communities(m, p);
    List<PathAttributes.LargeCommunity> large = largeCommunities(m, p);
    YNode nh = f.value(m, "nextHop", p, false);
    InetAddress nextHop = nh == null ? null : f.address(nh, p + ".nextHop");
    return new BgpSection.Attributes(med, lp, comms, large, nextHop);
  }

  private List<Long> communities(YNode.Mapping m, String p) {
    List<YNode.Scalar> items = strings(m, "communities", p);
    if (items == null) {
      return null;
    }
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      String t = items.get(i).text().trim();
      Long v =
          switch (t.toLowerCase(java.util.Locale.ROOT)) {
            case "no-export" -> 0xFFFFFF01L;
            case "no-advertise" -> 0xFFFFFF02L;
            case "no-export-subconfed" -> 0xFFFFFF03L;
            default -> null;
          };
      try {
        out.add(v != null ? v : PathAttributes.parseCommunity(t));
      } catch (IllegalArgumentException e) {
        f.error(
            items.get(i).pos(),
            p + ".communities[" + i + "]",
            "'" + t + "' is not a community (AS:value, each 0..65535, or no-export, no-advertise)");
      }
    }
    return out;
  }

  private List<PathAttributes.LargeCommunity> largeCommunities(YNode.Mapping m, String p) {
    List<YNode.Scalar> items = strings(m, "largeCommunities", p);
    if (items == null) {
      return null;
    }
    List<PathAttributes.LargeCommunity> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      String t = items.get(i).text().trim();
      try {
        out.add(PathAttributes.LargeCommunity.parse(t));
      } catch (IllegalArgumentException e) {
        f.error(
            items.get(i).pos(),
            p + ".largeCommunities[" + i + "]",
            "'" + t + "' is not a large community (global:local1:local2, each 0..4294967295)");
      }
    }
    return out;
  }

  /** A list of strings, or null when absent (each bad item reported). */
  private List<YNode.Scalar> strings(YNode.Mapping m, String key, String p) {
    YNode n = f.value(m, key, p, false);
    YNode.Sequence s = n == null ? null : f.sequence(n, p + "." + key);
    if (s == null) {
      return null;
    }
    List<YNode.Scalar> out = new ArrayList<>();
    for (int i = 0; i < s.items().size(); i++) {
      YNode item = s.items().get(i);
      if (item instanceof YNode.Scalar sc && sc.kind() == YNode.Kind.STRING) {
        out.add(sc);
      } else {
        f.error(
            item.pos(), p + "." + key + "[" + i + "]", "must be a string, got " + item.describe());
      }
    }
    return out;
  }

  private List<BgpSection.Pool> pools(YNode.Mapping m, String p) {
    List<BgpSection.Pool> out = new ArrayList<>();
    YNode n = f.value(m, "pools", p, false);
    YNode.Sequence s = n == null ? null : f.sequence(n, p + ".pools");
    if (s == null) {
      return out;
    }
    for (int i = 0; i < s.items().size(); i++) {
      String pp = p + ".pools[" + i + "]";
      YNode.Mapping pm = f.mapping(s.items().get(i), pp);
      if (pm == null) {
        continue;
      }
      f.onlyKnown(pm, pp, POOL);
      String prefix = f.string(pm, "prefix", pp, true, null);
      BgpSection.Attributes a = attributes(pm, pp);
      if (prefix == null) {
        continue;
      }
      BgpSection.Pool pool = prefix(prefix);
      if (pool == null) {
        f.error(
            pm.fields().get("prefix").value().pos(),
            pp + ".prefix",
            "'" + prefix + "' is not a prefix such as 198.18.100.0/24 or 2001:db8:100::/120");
        continue;
      }
      out.add(new BgpSection.Pool(pool.address(), pool.length(), a));
    }
    return out;
  }

  private static BgpSection.Pool prefix(String text) {
    int slash = text.indexOf('/');
    if (slash <= 0) {
      return null;
    }
    InetAddress a = Fields.parseAddress(text.substring(0, slash));
    int len;
    try {
      len = Integer.parseInt(text.substring(slash + 1));
    } catch (NumberFormatException e) {
      return null;
    }
    if (a == null || len < 0 || len > a.getAddress().length * 8) {
      return null;
    }
    return new BgpSection.Pool(a, len, BgpSection.Attributes.NONE);
  }

  private Map<String, BgpSection.Attributes> services(YNode.Mapping m, String p) {
    Map<String, BgpSection.Attributes> out = new LinkedHashMap<>();
    YNode n = f.value(m, "services", p, false);
    YNode.Mapping sm = n == null ? null : f.mapping(n, p + ".services");
    if (sm == null) {
      return out;
    }
    for (YNode.Field field : sm.fields().values()) {
      String sp = p + ".services." + field.key();
      YNode.Mapping am = f.mapping(field.value(), sp);
      if (am != null) {
        f.onlyKnown(am, sp, ATTRIBUTES);
        out.put(field.key(), attributes(am, sp));
      }
    }
    return out;
  }

  private List<BgpSection.Peer> peers(YNode.Mapping m, String p, boolean required, long localAs) {
    List<BgpSection.Peer> out = new ArrayList<>();
    YNode n = f.value(m, "peers", p, required);
    YNode.Sequence s = n == null ? null : f.sequence(n, p + ".peers");
    if (s == null) {
      return out;
    }
    if (required && s.items().isEmpty()) {
      f.error(s.pos(), p + ".peers", "must list at least one peer");
    }
    Set<InetAddress> seen = new HashSet<>();
    for (int i = 0; i < s.items().size(); i++) {
      String pp = p + ".peers[" + i + "]";
      YNode.Mapping pm = f.mapping(s.items().get(i), pp);
      if (pm == null) {
        continue;
      }
      BgpSection.Peer peer = new BgpPeerBinder(f, pp, localAs, required).bind(pm);
      if (peer == null) {
        continue;
      }
      if (!seen.add(peer.address())) {
        f.error(
            pm.pos(),
            pp + ".address",
            Addresses.text(peer.address()) + " is listed twice in peers");
        continue;
      }
      out.add(peer);
    }
    return out;
  }

  /** An unsigned number in [min, max] (AS numbers, MED, LOCAL_PREF go up to 2^32-1). */
  Long number(YNode.Mapping m, String key, String p, boolean required, long min, long max) {
    YNode n = f.value(m, key, p, required);
    if (n == null) {
      return null;
    }
    String field = Fields.path(p, key);
    if (!(n instanceof YNode.Scalar s) || s.kind() != YNode.Kind.INTEGER) {
      f.error(n.pos(), field, "must be an integer, got " + n.describe());
      return null;
    }
    long v;
    try {
      v = Long.parseLong(s.text().replace("_", "").replaceFirst("^\\+", ""));
    } catch (NumberFormatException e) {
      v = -1;
    }
    if (v < min || v > max) {
      f.error(n.pos(), field, "must be between " + min + " and " + max + ", was " + s.text());
      return null;
    }
    return v;
  }

  /** A whole number of seconds (90, "90s", "2m") in [min, max]. */
  Integer seconds(YNode.Mapping m, String key, String p, int dflt, int min, int max) {
    Duration d =
        f.duration(
            m, key, p, Duration.ofSeconds(dflt), Duration.ofSeconds(min), Duration.ofSeconds(max));
    if (d == null) {
      return null;
    }
    if (d.toMillis() % 1000 != 0) {
      f.error(
          m.fields().get(key).value().pos(),
          Fields.path(p, key),
          "must be whole seconds, was " + Fields.human(d));
      return null;
    }
    return (int) d.toSeconds();
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> out = new HashSet<>(a);
    out.addAll(b);
    return Set.copyOf(out);
  }
}
