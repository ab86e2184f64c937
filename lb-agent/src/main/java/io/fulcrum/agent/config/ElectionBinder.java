package io.fulcrum.agent.config;

import java.net.InetSocketAddress;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Binds the {@code election} section, reporting each bad value with its line and field. */
final class ElectionBinder {
  private static final Set<String> KEYS =
      Set.of(
          "enabled",
          "groupId",
          "nodeId",
          "peers",
          "dataDir",
          "l2",
          "electionTimeoutMs",
          "maxElectionDelayMs",
          "vipLeaseMs",
          "renewIntervalMs",
          "safetyMarginMs",
          "snapshotIntervalSecs");
  private static final Set<String> L2 = Set.of("interface", "garpCount", "garpIntervalMs");
  private static final Pattern IFNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.@:-]{0,14}");
  private static final Pattern ENV_REF =
      Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)\\}(:\\d{1,5})");
  private static final Pattern GROUP = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  private final Fields f;

  ElectionBinder(Fields f) {
    this.f = f;
  }

  ElectionSection bind(YNode node) {
    String p = "election";
    YNode.Mapping m = f.mapping(node, p);
    if (m == null) {
      return ElectionSection.DISABLED;
    }
    f.onlyKnown(m, p, KEYS);
    ElectionSection d = ElectionSection.DISABLED;
    int before = f.errors().size();
    Boolean enabled = f.bool(m, "enabled", p, false);
    boolean on = Boolean.TRUE.equals(enabled);
    String group = f.string(m, "groupId", p, false, d.groupId());
    if (group != null && !GROUP.matcher(group).matches()) {
      f.error(
          m.fields().get("groupId").value().pos(),
          p + ".groupId",
          "'" + group + "' is not a valid group name (letters, digits, '_', '.', '-')");
    }
    YNode idNode = f.value(m, "nodeId", p, on);
    YNode idValue = idNode == null ? null : fromEnv(idNode, p + ".nodeId");
    String nodeId = idValue == null ? null : endpoint(idValue, p + ".nodeId");
    List<String> peers = peers(m, p, on);
    if (nodeId != null && peers != null && !peers.isEmpty() && !peers.contains(nodeId)) {
      f.error(idNode.pos(), p + ".nodeId", nodeId + " is not among election.peers " + peers);
    }
    Path dataDir = path(m, "dataDir", p, d.dataDir());
    String iface = null;
    Integer garpCount = d.garpCount();
    Integer garpInterval = d.garpIntervalMs();
    YNode l2Node = f.value(m, "l2", p, false);
    if (l2Node != null) {
      String lp = p + ".l2";
      YNode.Mapping l2 = f.mapping(l2Node, lp);
      if (l2 != null) {
        f.onlyKnown(l2, lp, L2);
        iface = f.string(l2, "interface", lp, true, null);
        if (iface != null && !IFNAME.matcher(iface).matches()) {
          f.error(
              l2.fields().get("interface").value().pos(),
              lp + ".interface",
              "'" + iface + "' is not a valid interface name (1-15 characters)");
        }
        garpCount = f.integer(l2, "garpCount", lp, false, d.garpCount(), 1, 100);
        garpInterval = f.integer(l2, "garpIntervalMs", lp, false, d.garpIntervalMs(), 0, 10_000);
      }
    }
    Integer election =
        f.integer(m, "electionTimeoutMs", p, false, d.electionTimeoutMs(), 50, 60_000);
    Integer delay = f.integer(m, "maxElectionDelayMs", p, false, d.maxElectionDelayMs(), 0, 60_000);
    Integer lease = f.integer(m, "vipLeaseMs", p, false, d.vipLeaseMs(), 20, 3_600_000);
    Integer renew = f.integer(m, "renewIntervalMs", p, false, d.renewIntervalMs(), 5, 1_800_000);
    Integer margin = f.integer(m, "safetyMarginMs", p, false, d.safetyMarginMs(), 0, 60_000);
    Integer snap =
        f.integer(m, "snapshotIntervalSecs", p, false, d.snapshotIntervalSecs(), 1, 86_400);
    if (lease != null && renew != null && renew * 2L > lease) {
      f.error(
          m.fields().get("renewIntervalMs") == null
              ? m.pos()
              : m.fields().get("renewIntervalMs").value().pos(),
          p + ".renewIntervalMs",
          "must be at most half of election.vipLeaseMs ("
              + lease
              + "), was "
              + renew
              + " (a lease must survive one lost renewal)");
    }
    if (f.errors().size() != before) {
      return d;
    }
    return new ElectionSection(
        on,
        group,
        nodeId,
        peers == null ? List.of() : peers,
        dataDir,
        iface,
        garpCount,
        garpInterval,
        election,
        delay,
        lease,
        renew,
        margin,
        snap);
  }

  private List<String> peers(YNode.Mapping m, String p, boolean required) {
    YNode n = f.value(m, "peers", p, required);
    if (n == null) {
      return List.of();
    }
    YNode.Sequence s = f.sequence(n, p + ".peers");
    if (s == null) {
      return null;
    }
    if (s.items().isEmpty() && required) {
      f.error(s.pos(), p + ".peers", "must list at least this node");
    }
    List<String> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < s.items().size(); i++) {
      String field = p + ".peers[" + i + "]";
      String e = endpoint(s.items().get(i), field);
      if (e == null) {
        continue;
      }
      if (!seen.add(e)) {
        f.error(s.items().get(i).pos(), field, "peer " + e + " listed twice");
        continue;
      }
      out.add(e);
    }
    return out;
  }

  /**
   * {@code ${VAR}:port} takes the address from environment variable VAR (a DaemonSet sets the
   * node's address there: one ConfigMap for every node); anything else is returned as it is.
   */
  private YNode fromEnv(YNode n, String field) {
    if (!(n instanceof YNode.Scalar sc)) {
      return n;
    }
    java.util.regex.Matcher mt = ENV_REF.matcher(sc.text());
    if (!mt.matches()) {
      return n;
    }
    String value = f.env(mt.group(1));
    if (value == null || value.isBlank()) {
      f.error(n.pos(), field, "environment variable " + mt.group(1) + " is not set");
      return null;
    }
    return new YNode.Scalar(sc.pos(), YNode.Kind.STRING, value.strip() + mt.group(2));
  }

  /** A Raft endpoint: IPv4 {@code address:port} (sofa-jraft's peer syntax); canonical text. */
  private String endpoint(YNode n, String field) {
    int errors = f.errors().size();
    InetSocketAddress a = ConfigParser.hostPort(f, n, field);
    if (a == null) {
      return null;
    }
    if (a.getAddress() instanceof java.net.Inet6Address) {
      f.error(n.pos(), field, "Raft endpoints must be IPv4 address:port (sofa-jraft)");
      return null;
    }
    return f.errors().size() == errors ? a.getAddress().getHostAddress() + ":" + a.getPort() : null;
  }

  private Path path(YNode.Mapping m, String key, String parent, Path dflt) {
    String s = f.string(m, key, parent, false, null);
    if (s == null) {
      return dflt;
    }
    try {
      Path path = Path.of(s);
      if (!path.isAbsolute()) {
        f.error(
            m.fields().get(key).value().pos(),
            Fields.path(parent, key),
            "must be an absolute path, was '" + s + "'");
        return null;
      }
      return path;
    } catch (InvalidPathException e) {
      f.error(
          m.fields().get(key).value().pos(),
          Fields.path(parent, key),
          "'" + s + "' is not a valid path");
      return null;
    }
  }
}
