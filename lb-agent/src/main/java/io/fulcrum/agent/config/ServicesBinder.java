package io.fulcrum.agent.config;

import io.fulcrum.datapath.Backend;
import io.fulcrum.datapath.BackendState;
import io.fulcrum.datapath.NatMode;
import io.fulcrum.datapath.Protocol;
import io.fulcrum.datapath.ServiceKey;
import io.fulcrum.datapath.ServiceSpec;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Binds and checks the {@code services} list. */
final class ServicesBinder {
  static final int MAX_TABLE_SIZE = 1_000_003;
  private static final Pattern NAME =
      Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?");
  private static final Set<String> SERVICE_FIELDS =
      Set.of(
          "name",
          "vip",
          "port",
          "protocol",
          "mode",
          "maglevTableSize",
          "sessionAffinity",
          "affinityTimeout",
          "whenNoBackend",
          "backends");
  private static final Set<String> BACKEND_FIELDS = Set.of("address", "port", "weight", "state");
  private static final Duration DEFAULT_AFFINITY = Duration.ofHours(3);

  private final Fields f;
  private final DataplaneSettings dataplane;

  /** {@code dataplane} may be null when it was itself invalid (then SNAT is not checked). */
  ServicesBinder(Fields f, DataplaneSettings dataplane) {
    this.f = f;
    this.dataplane = dataplane;
  }

  /** Binds every service; the VIP position of each bound service is reported for later checks. */
  List<ServiceConfig> bind(YNode node) {
    List<ServiceConfig> out = new ArrayList<>();
    YNode.Sequence seq = f.sequence(node, "services");
    if (seq == null) {
      return out;
    }
    Map<String, Integer> names = new HashMap<>();
    Map<ServiceKey, String> keys = new HashMap<>();
    for (int i = 0; i < seq.items().size(); i++) {
      String path = "services[" + i + "]";
      YNode item = seq.items().get(i);
      YNode.Mapping m = f.mapping(item, path);
      if (m == null) {
        continue;
      }
      ServiceConfig sc = service(m, path);
      if (sc == null) {
        continue;
      }
      Integer earlier = names.putIfAbsent(sc.name(), i);
      if (earlier != null) {
        f.error(
            m.fields().get("name").value().pos(),
            path + ".name",
            "duplicate service name '" + sc.name() + "' (also services[" + earlier + "])");
        continue;
      }
      String other = keys.putIfAbsent(sc.spec().key(), sc.name());
      if (other != null) {
        f.error(
            m.fields().get("vip").value().pos(),
            path,
            "duplicate VIP/port/protocol "
                + Addresses.text(sc.spec().key())
                + " (also service '"
                + other
                + "')");
        continue;
      }
      out.add(sc);
    }
    return out;
  }

  private ServiceConfig service(YNode.Mapping m, String path) {
    int before = f.errors().size();
    f.onlyKnown(m, path, SERVICE_FIELDS);
    String name = f.string(m, "name", path, true, null);
    if (name != null && !NAME.matcher(name).matches()) {
      f.error(
          m.fields().get("name").value().pos(),
          path + ".name",
          "'"
              + name
              + "' is not a valid name (1-63 letters, digits, '.', '_' or '-', starting and ending"
              + " with a letter or digit)");
    }
    YNode vipNode = f.value(m, "vip", path, true);
    InetAddress vip = vipNode == null ? null : f.address(vipNode, path + ".vip");
    if (vip != null && !unicast(vip)) {
      f.error(vipNode.pos(), path + ".vip", Addresses.text(vip) + " is not a unicast address");
    }
    Integer port = f.integer(m, "port", path, true, null, 1, 65535);
    String proto = f.choice(m, "protocol", path, List.of("tcp", "udp", "sctp"), "tcp");
    String mode = f.choice(m, "mode", path, List.of("full-nat", "dnat"), "full-nat");
    if ("full-nat".equals(mode) && vip != null && dataplane != null && !hasSnat(vip)) {
      YNode.Field mf = m.fields().get("mode");
      f.error(
          mf == null ? vipNode.pos() : mf.value().pos(),
          path + ".mode",
          "full-nat needs an "
              + (vip instanceof Inet4Address ? "IPv4" : "IPv6")
              + " address in dataplane.snatAddresses (or use mode: dnat)");
    }
    Integer table = f.integer(m, "maglevTableSize", path, false, 0, 0, MAX_TABLE_SIZE);
    if (table != null && table != 0 && !isPrime(table)) {
      f.error(
          m.fields().get("maglevTableSize").value().pos(),
          path + ".maglevTableSize",
          table + " is not a prime number (Maglev needs a prime table size; 0 picks one)");
    }
    String affinity = f.choice(m, "sessionAffinity", path, List.of("none", "client-ip"), "none");
    Duration timeout =
        f.duration(
            m,
            "affinityTimeout",
            path,
            DEFAULT_AFFINITY,
            Duration.ofSeconds(1),
            Duration.ofDays(1));
    if ("none".equals(affinity) && m.fields().containsKey("affinityTimeout")) {
      f.error(
          m.fields().get("affinityTimeout").keyPos(),
          path + ".affinityTimeout",
          "only allowed with sessionAffinity: client-ip");
    }
    String noBackend = f.choice(m, "whenNoBackend", path, List.of("drop", "pass"), "drop");
    List<Backend> backends = backends(m, path, vip);
    if (backends != null && table != null && table != 0 && table < backends.size()) {
      f.error(
          m.fields().get("maglevTableSize").value().pos(),
          path + ".maglevTableSize",
          "must be at least the number of backends (" + backends.size() + ")");
    }
    if (f.errors().size() > before) {
      return null;
    }
    ServiceKey key = new ServiceKey(vip, port, Protocol.valueOf(proto.toUpperCase(Locale.ROOT)));
    ServiceSpec spec =
        new ServiceSpec(
            key,
            mode.equals("dnat") ? NatMode.DNAT : NatMode.FULL_NAT,
            table,
            affinity.equals("client-ip") ? timeout : Duration.ZERO,
            noBackend.equals("drop"),
            backends);
    return new ServiceConfig(name, spec);
  }

  private List<Backend> backends(YNode.Mapping m, String path, InetAddress vip) {
    YNode n = f.value(m, "backends", path, true);
    if (n == null) {
      return null;
    }
    YNode.Sequence seq = f.sequence(n, path + ".backends");
    if (seq == null) {
      return null;
    }
    if (seq.items().isEmpty()) {
      f.error(n.pos(), path + ".backends", "must list at least one backend");
      return null;
    }
    List<Backend> out = new ArrayList<>();
    Map<InetSocketAddress, Integer> seen = new HashMap<>();
    for (int i = 0; i < seq.items().size(); i++) {
      String bp = path + ".backends[" + i + "]";
      YNode.Mapping b = f.mapping(seq.items().get(i), bp);
      if (b == null) {
        continue;
      }
      f.onlyKnown(b, bp, BACKEND_FIELDS);
      YNode an = f.value(b, "address", bp, true);
      InetAddress addr = an == null ? null : f.address(an, bp + ".address");
      if (addr != null && !unicast(addr)) {
        f.error(an.pos(), bp + ".address", Addresses.text(addr) + " is not a unicast address");
        addr = null;
      }
      if (addr != null
          && vip != null
          && (addr instanceof Inet4Address) != (vip instanceof Inet4Address)) {
        f.error(
            an.pos(),
            bp + ".address",
            Addresses.text(addr)
                + " is not of the VIP's address family ("
                + (vip instanceof Inet4Address ? "IPv4" : "IPv6")
                + ")");
        addr = null;
      }
      Integer port = f.integer(b, "port", bp, true, null, 1, 65535);
      Integer weight = f.integer(b, "weight", bp, false, 100, 0, 65535);
      String state = f.choice(b, "state", bp, List.of("up", "draining", "down"), "up");
      if (addr == null || port == null || weight == null || state == null) {
        continue;
      }
      Integer dup = seen.putIfAbsent(new InetSocketAddress(addr, port), i);
      if (dup != null) {
        f.error(
            an.pos(),
            bp,
            "duplicate backend "
                + Addresses.text(addr)
                + " port "
                + port
                + " (also backends["
                + dup
                + "])");
        continue;
      }
      out.add(
          new Backend(addr, port, weight, BackendState.valueOf(state.toUpperCase(Locale.ROOT))));
    }
    return out;
  }

  private boolean hasSnat(InetAddress vip) {
    boolean is4 = vip instanceof Inet4Address;
    return dataplane.snatAddresses().stream().anyMatch(a -> (a instanceof Inet4Address) == is4);
  }

  static boolean unicast(InetAddress a) {
    return !a.isAnyLocalAddress() && !a.isMulticastAddress() && !isBroadcast(a);
  }

  private static boolean isBroadcast(InetAddress a) {
    byte[] b = a.getAddress();
    return b.length == 4 && (b[0] & b[1] & b[2] & b[3]) == (byte) 0xff;
  }

  static boolean isPrime(int n) {
    if (n < 2) {
      return false;
    }
    for (int d = 2; (long) d * d <= n; d++) {
      if (n % d == 0) {
        return false;
      }
    }
    return true;
  }
}
