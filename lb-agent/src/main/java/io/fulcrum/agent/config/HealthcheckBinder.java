package io.fulcrum.agent.config;

import io.fulcrum.datapath.Backend;
import io.fulcrum.healthcheck.CheckOverrides;
import io.fulcrum.healthcheck.CheckSettings;
import io.fulcrum.healthcheck.CheckType;
import io.fulcrum.healthcheck.InvalidSettingsException;
import io.fulcrum.healthcheck.ServiceHealthPolicy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Binds the {@code healthcheck} section. Each value is type-checked here (with its line and field);
 * the combination is then validated by the health-check module's own {@link CheckSettings.Builder},
 * whose message is reported at the service's entry.
 */
final class HealthcheckBinder {
  private static final Set<String> SETTINGS =
      Set.of(
          "type",
          "port",
          "interval",
          "fastInterval",
          "timeout",
          "rise",
          "fall",
          "jitter",
          "send",
          "expect",
          "payload",
          "expectReply",
          "method",
          "path",
          "host",
          "expectStatus",
          "bodyContains",
          "tlsVerify",
          "caFile",
          "sni",
          "downFlows",
          "allDown",
          "backends");
  private static final Set<String> OVERRIDES =
      Set.of("type", "port", "interval", "fastInterval", "timeout", "rise", "fall", "jitter");
  private static final List<String> TYPES = List.of("ping", "tcp", "udp", "sctp", "http", "https");
  private static final Duration MIN = Duration.ofMillis(1);
  private static final Duration MAX = Duration.ofHours(1);

  private final Fields f;

  HealthcheckBinder(Fields f) {
    this.f = f;
  }

  HealthcheckSettings bind(YNode node, List<ServiceConfig> services) {
    YNode.Mapping top = f.mapping(node, "healthcheck");
    if (top == null) {
      return HealthcheckSettings.NONE;
    }
    f.onlyKnown(top, "healthcheck", Set.of("services", "tcpHalfOpen"));
    Boolean halfOpen = f.bool(top, "tcpHalfOpen", "healthcheck", true);
    boolean tcpHalfOpen = halfOpen == null || halfOpen;
    YNode sn = f.value(top, "services", "healthcheck", false);
    if (sn == null) {
      return new HealthcheckSettings(Map.of(), tcpHalfOpen);
    }
    YNode.Mapping sm = f.mapping(sn, "healthcheck.services");
    if (sm == null) {
      return new HealthcheckSettings(Map.of(), tcpHalfOpen);
    }
    Map<String, ServiceConfig> byName = new HashMap<>();
    for (ServiceConfig s : services) {
      byName.put(s.name(), s);
    }
    Map<String, HealthcheckSettings.ServiceCheck> out = new LinkedHashMap<>();
    for (YNode.Field field : sm.fields().values()) {
      String p = "healthcheck.services." + field.key();
      ServiceConfig svc = byName.get(field.key());
      if (svc == null) {
        f.error(field.keyPos(), p, "no service named '" + field.key() + "' in services");
        continue;
      }
      YNode.Mapping m = f.mapping(field.value(), p);
      if (m == null) {
        continue;
      }
      HealthcheckSettings.ServiceCheck c = service(m, p, svc);
      if (c != null) {
        out.put(field.key(), c);
      }
    }
    return new HealthcheckSettings(out, tcpHalfOpen);
  }

  private HealthcheckSettings.ServiceCheck service(YNode.Mapping m, String p, ServiceConfig svc) {
    f.onlyKnown(m, p, SETTINGS);
    int before = f.errors().size();
    CheckSettings.Builder b = CheckSettings.builder();
    String type = f.choice(m, "type", p, TYPES, null);
    if (type != null) {
      b.type(CheckType.valueOf(type.toUpperCase(Locale.ROOT)));
    }
    Integer port = f.integer(m, "port", p, false, null, 0, 65535);
    if (port != null) {
      b.port(port);
    }
    Duration interval = f.duration(m, "interval", p, null, MIN, MAX);
    if (interval != null) {
      b.interval(interval);
    }
    b.fastInterval(f.duration(m, "fastInterval", p, null, MIN, MAX));
    Duration timeout = f.duration(m, "timeout", p, null, MIN, MAX);
    if (timeout != null) {
      b.timeout(timeout);
    }
    Integer rise = f.integer(m, "rise", p, false, null, 1, 100);
    if (rise != null) {
      b.rise(rise);
    }
    Integer fall = f.integer(m, "fall", p, false, null, 1, 100);
    if (fall != null) {
      b.fall(fall);
    }
    Double jitter = decimal(m, "jitter", p);
    if (jitter != null) {
      b.jitter(jitter);
    }
    String send = f.string(m, "send", p, false, null);
    if (send != null) {
      b.send(send);
    }
    String expect = f.string(m, "expect", p, false, null);
    if (expect != null) {
      b.expect(expect);
    }
    String payload = f.string(m, "payload", p, false, null);
    if (payload != null) {
      b.payload(payload);
    }
    Boolean expectReply = f.bool(m, "expectReply", p, false);
    if (expectReply != null) {
      b.expectReply(expectReply);
    }
    String method = f.string(m, "method", p, false, null);
    if (method != null) {
      b.method(method);
    }
    String path = f.string(m, "path", p, false, null);
    if (path != null) {
      b.path(path);
    }
    b.host(f.string(m, "host", p, false, null));
    String status = f.string(m, "expectStatus", p, false, null);
    if (status != null) {
      try {
        b.expectStatus(status);
      } catch (RuntimeException e) {
        f.error(m.fields().get("expectStatus").value().pos(), p + ".expectStatus", e.getMessage());
      }
    }
    b.bodyContains(f.string(m, "bodyContains", p, false, null));
    Boolean verify = f.bool(m, "tlsVerify", p, true);
    if (verify != null) {
      b.tlsVerify(verify);
    }
    String ca = f.string(m, "caFile", p, false, null);
    if (ca != null) {
      b.caFile(Path.of(ca));
    }
    b.sni(f.string(m, "sni", p, false, null));
    String down = f.choice(m, "downFlows", p, List.of("keep", "flush"), "keep");
    String all = f.choice(m, "allDown", p, List.of("drop", "fail_open"), "drop");
    Map<InetSocketAddress, CheckOverrides> overrides = backends(m, p, svc);
    if (f.errors().size() > before || down == null || all == null) {
      return null;
    }
    CheckSettings settings;
    try {
      settings = b.build();
      for (CheckOverrides o : overrides.values()) {
        settings.with(o);
      }
    } catch (InvalidSettingsException e) {
      f.error(m.pos(), p, e.getMessage());
      return null;
    }
    ServiceHealthPolicy policy =
        new ServiceHealthPolicy(
            ServiceHealthPolicy.DownFlows.valueOf(down.toUpperCase(Locale.ROOT)),
            ServiceHealthPolicy.AllDown.valueOf(all.toUpperCase(Locale.ROOT)));
    return new HealthcheckSettings.ServiceCheck(settings, overrides, policy);
  }

  /** {@code backends: {"198.18.0.2:80": {port: 8081, ...}}}: per-backend overrides. */
  private Map<InetSocketAddress, CheckOverrides> backends(
      YNode.Mapping m, String p, ServiceConfig svc) {
    Map<InetSocketAddress, CheckOverrides> out = new HashMap<>();
    YNode bn = f.value(m, "backends", p, false);
    YNode.Mapping bm = bn == null ? null : f.mapping(bn, p + ".backends");
    if (bm == null) {
      return out;
    }
    for (YNode.Field field : bm.fields().values()) {
      String bp = p + ".backends." + field.key();
      InetSocketAddress addr = backendOf(field.key(), svc);
      if (addr == null) {
        f.error(
            field.keyPos(),
            bp,
            "'" + field.key() + "' is not a backend (address:port) of service " + svc.name());
        continue;
      }
      YNode.Mapping om = f.mapping(field.value(), bp);
      if (om == null) {
        continue;
      }
      f.onlyKnown(om, bp, OVERRIDES);
      String type = f.choice(om, "type", bp, TYPES, null);
      out.put(
          addr,
          new CheckOverrides(
              type == null ? null : CheckType.valueOf(type.toUpperCase(Locale.ROOT)),
              f.integer(om, "port", bp, false, null, 0, 65535),
              f.duration(om, "interval", bp, null, MIN, MAX),
              f.duration(om, "fastInterval", bp, null, MIN, MAX),
              f.duration(om, "timeout", bp, null, MIN, MAX),
              f.integer(om, "rise", bp, false, null, 1, 100),
              f.integer(om, "fall", bp, false, null, 1, 100),
              decimal(om, "jitter", bp)));
    }
    return out;
  }

  private static InetSocketAddress backendOf(String text, ServiceConfig svc) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0) {
      return null;
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    InetAddress a = Fields.parseAddress(host);
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      return null;
    }
    for (Backend b : svc.spec().backends()) {
      if (b.address().equals(a) && b.port() == port) {
        return new InetSocketAddress(a, port);
      }
    }
    return null;
  }

  private Double decimal(YNode.Mapping m, String key, String parent) {
    YNode n = f.value(m, key, parent, false);
    if (n == null) {
      return null;
    }
    if (n instanceof YNode.Scalar s
        && (s.kind() == YNode.Kind.FLOAT || s.kind() == YNode.Kind.INTEGER)) {
      try {
        return Double.parseDouble(s.text());
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    f.error(n.pos(), Fields.path(parent, key), "must be a number, got " + n.describe());
    return null;
  }
}
