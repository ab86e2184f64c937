package io.fulcrum.agent.config;

import io.fulcrum.kubernetes.pool.IpRange;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Binds the {@code kubernetes} section, reporting each bad value with its line and field. */
final class KubernetesBinder {
  private static final Set<String> KEYS =
      Set.of(
          "enabled",
          "kubeconfig",
          "masterUrl",
          "loadBalancerClass",
          "handleServicesWithoutClass",
          "nodeName",
          "namespaces",
          "poolResources",
          "pools");
  private static final Set<String> POOL_KEYS =
      Set.of("name", "addresses", "autoAssign", "avoidBuggyIPs");

  /** A DNS-1123 label (namespace names) or subdomain (node and pool names). */
  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  private static final Pattern SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  /** A load-balancer class: an optionally prefixed name, e.g. {@code fulcrum.io/lb}. */
  private static final Pattern CLASS =
      Pattern.compile("([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");

  private final Fields f;

  KubernetesBinder(Fields f) {
    this.f = f;
  }

  KubernetesSection bind(YNode node) {
    String p = "kubernetes";
    YNode.Mapping m = f.mapping(node, p);
    if (m == null) {
      return KubernetesSection.DISABLED;
    }
    f.onlyKnown(m, p, KEYS);
    int before = f.errors().size();
    KubernetesSection d = KubernetesSection.DISABLED;
    Boolean enabled = f.bool(m, "enabled", p, false);
    Path kubeconfig = path(m, "kubeconfig", p);
    String masterUrl = url(m, "masterUrl", p);
    String cls = matching(m, "loadBalancerClass", p, CLASS, d.loadBalancerClass(), 253);
    Boolean noClass = f.bool(m, "handleServicesWithoutClass", p, false);
    String nodeName = matching(m, "nodeName", p, SUBDOMAIN, null, 253);
    List<String> namespaces = namespaces(m, p);
    Boolean poolResources = f.bool(m, "poolResources", p, true);
    List<KubernetesSection.PoolConfig> pools = pools(m, p);
    if (f.errors().size() > before) {
      return d;
    }
    return new KubernetesSection(
        enabled, kubeconfig, masterUrl, cls, noClass, nodeName, namespaces, poolResources, pools);
  }

  private String matching(
      YNode.Mapping m, String key, String parent, Pattern pattern, String dflt, int maxLength) {
    String s = f.string(m, key, parent, false, null);
    if (s == null) {
      return dflt;
    }
    if (s.length() > maxLength || !pattern.matcher(s).matches()) {
      f.error(
          m.fields().get(key).value().pos(),
          Fields.path(parent, key),
          "'" + s + "' is not a valid " + key);
      return dflt;
    }
    return s;
  }

  private Path path(YNode.Mapping m, String key, String parent) {
    String s = f.string(m, key, parent, false, null);
    if (s == null) {
      return null;
    }
    try {
      return Path.of(s);
    } catch (InvalidPathException e) {
      f.error(
          m.fields().get(key).value().pos(),
          Fields.path(parent, key),
          "'" + s + "' is not a valid path");
      return null;
    }
  }

  private String url(YNode.Mapping m, String key, String parent) {
    String s = f.string(m, key, parent, false, null);
    if (s == null) {
      return null;
    }
    try {
      URI u = new URI(s);
      if (("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null) {
        return s;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    f.error(
        m.fields().get(key).value().pos(),
        Fields.path(parent, key),
        "'" + s + "' is not an http(s) URL such as https://10.0.0.1:6443");
    return null;
  }

  private List<String> namespaces(YNode.Mapping m, String parent) {
    YNode n = f.value(m, "namespaces", parent, false);
    List<String> out = new ArrayList<>();
    if (n == null) {
      return out;
    }
    String field = Fields.path(parent, "namespaces");
    YNode.Sequence seq = f.sequence(n, field);
    if (seq == null) {
      return out;
    }
    for (int i = 0; i < seq.items().size(); i++) {
      YNode item = seq.items().get(i);
      String ip = field + "[" + i + "]";
      if (item instanceof YNode.Scalar s
          && s.kind() == YNode.Kind.STRING
          && s.text().length() <= 63
          && LABEL.matcher(s.text()).matches()) {
        out.add(s.text());
      } else {
        f.error(item.pos(), ip, "must be a namespace name, got " + item.describe());
      }
    }
    return out;
  }

  private List<KubernetesSection.PoolConfig> pools(YNode.Mapping m, String parent) {
    YNode n = f.value(m, "pools", parent, false);
    List<KubernetesSection.PoolConfig> out = new ArrayList<>();
    if (n == null) {
      return out;
    }
    String field = Fields.path(parent, "pools");
    YNode.Sequence seq = f.sequence(n, field);
    if (seq == null) {
      return out;
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < seq.items().size(); i++) {
      String ip = field + "[" + i + "]";
      YNode.Mapping pm = f.mapping(seq.items().get(i), ip);
      if (pm == null) {
        continue;
      }
      f.onlyKnown(pm, ip, POOL_KEYS);
      String name = matching(pm, "name", ip, SUBDOMAIN, null, 253);
      if (name == null) {
        f.value(pm, "name", ip, true); // "is required" when absent
      }
      if (name != null && !names.add(name)) {
        f.error(
            pm.fields().get("name").value().pos(), ip + ".name", "duplicate pool '" + name + "'");
      }
      List<String> addresses = addresses(pm, ip);
      Boolean auto = f.bool(pm, "autoAssign", ip, true);
      Boolean buggy = f.bool(pm, "avoidBuggyIPs", ip, false);
      if (name != null && addresses != null && auto != null && buggy != null) {
        out.add(new KubernetesSection.PoolConfig(name, addresses, auto, buggy));
      }
    }
    return out;
  }

  private List<String> addresses(YNode.Mapping pm, String parent) {
    YNode n = f.value(pm, "addresses", parent, true);
    if (n == null) {
      return null;
    }
    String field = Fields.path(parent, "addresses");
    YNode.Sequence seq = f.sequence(n, field);
    if (seq == null) {
      return null;
    }
    if (seq.items().isEmpty()) {
      f.error(n.pos(), field, "must name at least one CIDR or range");
      return null;
    }
    List<String> out = new ArrayList<>();
    boolean ok = true;
    for (int i = 0; i < seq.items().size(); i++) {
      YNode item = seq.items().get(i);
      String ip = field + "[" + i + "]";
      if (!(item instanceof YNode.Scalar s) || s.kind() != YNode.Kind.STRING) {
        f.error(item.pos(), ip, "must be a CIDR or a first-last range, got " + item.describe());
        ok = false;
        continue;
      }
      try {
        IpRange.parse(s.text());
        out.add(s.text().trim());
      } catch (IllegalArgumentException e) {
        f.error(item.pos(), ip, e.getMessage());
        ok = false;
      }
    }
    return ok ? out : null;
  }
}
