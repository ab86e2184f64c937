package io.fulcrum.agent.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns the bytes of a configuration file into a validated {@link AgentConfig}, or refuses it with
 * every error found (file, line, column, field, what is wrong). Pure: no I/O besides the bytes it
 * is given, so a refused file can never leave anything half-applied.
 */
public final class ConfigParser {
  private static final Set<String> TOP =
      Set.of(
          "dataplane",
          "services",
          "metrics",
          "log",
          "healthcheck",
          "api",
          "election",
          "bgp",
          "kubernetes");
  private static final Set<String> DATAPLANE =
      Set.of(
          "interfaces",
          "xdpMode",
          "snatAddresses",
          "snatPorts",
          "pinPath",
          "netns",
          "maps",
          "conntrack");
  private static final Set<String> MAPS =
      Set.of("services", "backends", "flows", "affinity", "ringPool");
  private static final Set<String> CONNTRACK =
      Set.of("tcpSyn", "tcpEstablished", "tcpClosing", "udp", "sctp", "icmp");
  private static final Pattern IFNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.@:-]{0,14}");

  private ConfigParser() {}

  /** Parses and validates; {@code file} is the name used in messages. */
  public static AgentConfig parse(byte[] yaml, String file) throws ConfigException {
    return parse(yaml, file, System::getenv);
  }

  /**
   * As {@link #parse(byte[], String)}, with {@code env} answering the environment variables the
   * file refers to ({@code election.nodeId: ${FULCRUM_NODE_IP}:7481}).
   */
  public static AgentConfig parse(
      byte[] yaml, String file, java.util.function.UnaryOperator<String> env)
      throws ConfigException {
    Fields f = new Fields(file).withEnv(env);
    YNode root;
    try {
      root = YamlReader.read(yaml);
    } catch (YamlReader.SyntaxException e) {
      f.error(e.pos(), "", e.getMessage());
      throw new ConfigException(f.errors());
    }
    if (root == null) {
      f.error(new YNode.Pos(1, 1), "", "the file is empty (it needs at least a dataplane section)");
      throw new ConfigException(f.errors());
    }
    YNode.Mapping top = f.mapping(root, "");
    if (top == null) {
      throw new ConfigException(f.errors());
    }
    f.onlyKnown(top, "", TOP);
    YNode dpNode = f.value(top, "dataplane", "", true);
    DataplaneSettings dp = dpNode == null ? null : dataplane(f, dpNode);
    YNode svcNode = f.value(top, "services", "", false);
    List<ServiceConfig> services =
        svcNode == null ? List.of() : new ServicesBinder(f, dp).bind(svcNode);
    MetricsSettings metrics = metrics(f, f.value(top, "metrics", "", false));
    LogSettings log = log(f, f.value(top, "log", "", false));
    ElectionSection election = ElectionSection.DISABLED;
    BgpSection bgp = BgpSection.DISABLED;
    KubernetesSection kubernetes = KubernetesSection.DISABLED;
    Map<String, Map<String, Object>> reserved = new LinkedHashMap<>();
    for (String section : AgentConfig.RESERVED_SECTIONS) {
      YNode n = f.value(top, section, "", false);
      if (n != null && f.mapping(n, section) != null) {
        @SuppressWarnings("unchecked")
        Map<String, Object> plain = (Map<String, Object>) Fields.plain(n);
        reserved.put(section, plain);
        switch (section) {
          case "election" -> election = new ElectionBinder(f).bind(n);
          case "bgp" -> bgp = new BgpBinder(f).bind(n);
          default -> kubernetes = new KubernetesBinder(f).bind(n);
        }
      }
    }
    YNode apiNode = f.value(top, "api", "", false);
    ApiSettings api = apiNode == null ? ApiSettings.DISABLED : new ApiBinder(f).bind(apiNode);
    YNode hcNode = f.value(top, "healthcheck", "", false);
    HealthcheckSettings hc =
        hcNode == null ? HealthcheckSettings.NONE : new HealthcheckBinder(f).bind(hcNode, services);
    if (dp != null) {
      crossCheck(f, dp, services, svcNode);
    }
    if (!f.errors().isEmpty()) {
      List<ConfigError> sorted = new ArrayList<>(f.errors());
      sorted.sort(Comparator.comparingInt(ConfigError::line).thenComparingInt(ConfigError::column));
      throw new ConfigException(sorted);
    }
    return new AgentConfig(
        dp, services, metrics, log, hc, api, election, bgp, kubernetes, reserved);
  }

  private static DataplaneSettings dataplane(Fields f, YNode node) {
    YNode.Mapping m = f.mapping(node, "dataplane");
    if (m == null) {
      return null;
    }
    String p = "dataplane";
    f.onlyKnown(m, p, DATAPLANE);
    List<String> ifaces = new ArrayList<>();
    YNode ifn = f.value(m, "interfaces", p, true);
    YNode.Sequence ifs = ifn == null ? null : f.sequence(ifn, p + ".interfaces");
    if (ifs != null) {
      if (ifs.items().isEmpty()) {
        f.error(ifs.pos(), p + ".interfaces", "must name at least one interface");
      }
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < ifs.items().size(); i++) {
        YNode n = ifs.items().get(i);
        String field = p + ".interfaces[" + i + "]";
        if (!(n instanceof YNode.Scalar s) || s.kind() != YNode.Kind.STRING) {
          f.error(n.pos(), field, "must be an interface name, got " + n.describe());
        } else if (!IFNAME.matcher(s.text()).matches()) {
          f.error(
              n.pos(), field, "'" + s.text() + "' is not a valid interface name (1-15 characters)");
        } else if (!seen.add(s.text())) {
          f.error(n.pos(), field, "interface '" + s.text() + "' listed twice");
        } else {
          ifaces.add(s.text());
        }
      }
    }
    String xdpMode = f.choice(m, "xdpMode", p, List.of("auto", "native", "generic"), "auto");
    List<InetAddress> snat = new ArrayList<>();
    YNode sn = f.value(m, "snatAddresses", p, false);
    YNode.Sequence ss = sn == null ? null : f.sequence(sn, p + ".snatAddresses");
    if (ss != null) {
      boolean v4 = false;
      boolean v6 = false;
      for (int i = 0; i < ss.items().size(); i++) {
        String field = p + ".snatAddresses[" + i + "]";
        InetAddress a = f.address(ss.items().get(i), field);
        if (a == null) {
          continue;
        }
        boolean is4 = a instanceof Inet4Address;
        if ((is4 && v4) || (!is4 && v6)) {
          f.error(
              ss.items().get(i).pos(), field, "only one address per family (IPv4, IPv6) is used");
          continue;
        }
        if (!ServicesBinder.unicast(a)) {
          f.error(ss.items().get(i).pos(), field, Addresses.text(a) + " is not a unicast address");
          continue;
        }
        v4 |= is4;
        v6 |= !is4;
        snat.add(a);
      }
    }
    int portMin = 32768;
    int portMax = 60999;
    YNode pn = f.value(m, "snatPorts", p, false);
    if (pn != null) {
      YNode.Mapping pm = f.mapping(pn, p + ".snatPorts");
      if (pm != null) {
        String pp = p + ".snatPorts";
        f.onlyKnown(pm, pp, Set.of("min", "max"));
        Integer lo = f.integer(pm, "min", pp, true, null, 1024, 65535);
        Integer hi = f.integer(pm, "max", pp, true, null, 1024, 65535);
        if (lo != null && hi != null) {
          if (hi < lo) {
            f.error(pm.pos(), pp, "max (" + hi + ") is below min (" + lo + ")");
          } else {
            portMin = lo;
            portMax = hi;
          }
        }
      }
    }
    String pin = f.string(m, "pinPath", p, false, DataplaneSettings.DEFAULT_PIN_PATH);
    if (pin != null && !pin.startsWith("/sys/fs/bpf/")) {
      f.error(
          m.fields().get("pinPath").value().pos(),
          p + ".pinPath",
          "must be a directory under /sys/fs/bpf/, was '" + pin + "'");
    }
    String netns = f.string(m, "netns", p, false, null);
    if (netns != null && !netns.matches("[A-Za-z0-9_.-]{1,64}")) {
      f.error(
          m.fields().get("netns").value().pos(),
          p + ".netns",
          "'" + netns + "' is not a valid network namespace name");
    }
    DataplaneSettings.MapSizes maps = maps(f, f.value(m, "maps", p, false));
    DataplaneSettings.ConntrackTimeouts ct = conntrack(f, f.value(m, "conntrack", p, false));
    return new DataplaneSettings(ifaces, xdpMode, snat, portMin, portMax, pin, netns, maps, ct);
  }

  private static DataplaneSettings.MapSizes maps(Fields f, YNode node) {
    DataplaneSettings.MapSizes d = DataplaneSettings.MapSizes.DEFAULTS;
    if (node == null) {
      return d;
    }
    YNode.Mapping m = f.mapping(node, "dataplane.maps");
    if (m == null) {
      return d;
    }
    String p = "dataplane.maps";
    f.onlyKnown(m, p, MAPS);
    Integer services = f.integer(m, "services", p, false, d.services(), 1, 1 << 20);
    Integer backends = f.integer(m, "backends", p, false, d.backends(), 1, 1 << 22);
    Integer flows = f.integer(m, "flows", p, false, d.flows(), 1024, 1 << 26);
    Integer affinity = f.integer(m, "affinity", p, false, d.affinity(), 1, 1 << 24);
    Integer ring = f.integer(m, "ringPool", p, false, d.ringPool(), 1024, 1 << 28);
    if (services == null || backends == null || flows == null || affinity == null || ring == null) {
      return d;
    }
    return new DataplaneSettings.MapSizes(services, backends, flows, affinity, ring);
  }

  private static DataplaneSettings.ConntrackTimeouts conntrack(Fields f, YNode node) {
    DataplaneSettings.ConntrackTimeouts d = DataplaneSettings.ConntrackTimeouts.DEFAULTS;
    if (node == null) {
      return d;
    }
    YNode.Mapping m = f.mapping(node, "dataplane.conntrack");
    if (m == null) {
      return d;
    }
    String p = "dataplane.conntrack";
    f.onlyKnown(m, p, CONNTRACK);
    Duration min = Duration.ofSeconds(1);
    Duration max = Duration.ofDays(7);
    Duration syn = f.duration(m, "tcpSyn", p, d.tcpSyn(), min, max);
    Duration est = f.duration(m, "tcpEstablished", p, d.tcpEstablished(), min, max);
    Duration closing = f.duration(m, "tcpClosing", p, d.tcpClosing(), min, max);
    Duration udp = f.duration(m, "udp", p, d.udp(), min, max);
    Duration sctp = f.duration(m, "sctp", p, d.sctp(), min, max);
    Duration icmp = f.duration(m, "icmp", p, d.icmp(), min, max);
    if (syn == null
        || est == null
        || closing == null
        || udp == null
        || sctp == null
        || icmp == null) {
      return d;
    }
    return new DataplaneSettings.ConntrackTimeouts(syn, est, closing, udp, sctp, icmp);
  }

  private static MetricsSettings metrics(Fields f, YNode node) {
    InetSocketAddress dflt =
        new InetSocketAddress(InetAddress.getLoopbackAddress(), MetricsSettings.DEFAULT_PORT);
    if (node == null) {
      return new MetricsSettings(true, dflt);
    }
    YNode.Mapping m = f.mapping(node, "metrics");
    if (m == null) {
      return null;
    }
    f.onlyKnown(m, "metrics", Set.of("enabled", "listen"));
    Boolean enabled = f.bool(m, "enabled", "metrics", true);
    YNode ln = f.value(m, "listen", "metrics", false);
    InetSocketAddress listen = dflt;
    if (ln != null) {
      listen = hostPort(f, ln, "metrics.listen");
    }
    return enabled == null || listen == null ? null : new MetricsSettings(enabled, listen);
  }

  /** Parses "address:port" or "[v6]:port" (literal addresses only). */
  static InetSocketAddress hostPort(Fields f, YNode n, String field) {
    String bad = "must be address:port such as 127.0.0.1:9469 or [::1]:9469";
    if (!(n instanceof YNode.Scalar s) || s.kind() != YNode.Kind.STRING) {
      f.error(n.pos(), field, bad + ", got " + n.describe());
      return null;
    }
    String t = s.text().trim();
    int colon = t.lastIndexOf(':');
    if (colon <= 0) {
      f.error(n.pos(), field, bad + ", was '" + t + "'");
      return null;
    }
    String host = t.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.contains(":")) {
      f.error(n.pos(), field, "an IPv6 address must be in brackets, e.g. [::1]:9469");
      return null;
    }
    InetAddress a = Fields.parseAddress(host);
    int port;
    try {
      port = Integer.parseInt(t.substring(colon + 1));
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (a == null) {
      f.error(n.pos(), field, "'" + host + "' is not an IP address");
      return null;
    }
    if (port < 1 || port > 65535) {
      f.error(
          n.pos(), field, "port must be between 1 and 65535, was '" + t.substring(colon + 1) + "'");
      return null;
    }
    return new InetSocketAddress(a, port);
  }

  private static LogSettings log(Fields f, YNode node) {
    if (node == null) {
      return LogSettings.DEFAULT;
    }
    YNode.Mapping m = f.mapping(node, "log");
    if (m == null) {
      return null;
    }
    f.onlyKnown(m, "log", Set.of("level"));
    String level = f.choice(m, "level", "log", LogSettings.LEVELS, "info");
    return level == null ? null : new LogSettings(level);
  }

  private static void crossCheck(
      Fields f, DataplaneSettings dp, List<ServiceConfig> services, YNode svcNode) {
    if (services.size() > dp.maps().services()) {
      f.error(
          svcNode.pos(),
          "services",
          services.size()
              + " services exceed dataplane.maps.services ("
              + dp.maps().services()
              + ")");
    }
    long backends = services.stream().mapToLong(s -> s.spec().backends().size()).sum();
    if (backends > dp.maps().backends()) {
      f.error(
          svcNode.pos(),
          "services",
          backends + " backends exceed dataplane.maps.backends (" + dp.maps().backends() + ")");
    }
  }
}
