package io.fulcrum.agent.config;

import io.fulcrum.api.http.ApiConfig;
import java.net.InetSocketAddress;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Binds the {@code api} section, reporting each bad value with its line and field. */
final class ApiBinder {
  private static final Set<String> KEYS =
      Set.of("enabled", "listen", "tokenFile", "stateDir", "tls", "maxBodyBytes");
  private static final Set<String> TLS = Set.of("keyStore", "keyStoreType", "passwordFile");

  private final Fields f;

  ApiBinder(Fields f) {
    this.f = f;
  }

  ApiSettings bind(YNode node) {
    String p = "api";
    YNode.Mapping m = f.mapping(node, p);
    if (m == null) {
      return ApiSettings.DISABLED;
    }
    f.onlyKnown(m, p, KEYS);
    ApiSettings d = ApiSettings.DISABLED;
    Boolean enabled = f.bool(m, "enabled", p, false);
    YNode ln = f.value(m, "listen", p, false);
    InetSocketAddress listen =
        ln == null ? d.listen() : ConfigParser.hostPort(f, ln, p + ".listen");
    Path token = path(m, "tokenFile", p, Boolean.TRUE.equals(enabled), null);
    Path state = path(m, "stateDir", p, false, d.stateDir());
    ApiConfig.Tls tls = tls(f.value(m, "tls", p, false));
    Integer max = f.integer(m, "maxBodyBytes", p, false, d.maxBodyBytes(), 1024, 16 * 1024 * 1024);
    if (enabled == null || listen == null || state == null || max == null) {
      return d;
    }
    if (enabled && token == null) {
      return d;
    }
    return new ApiSettings(enabled, listen, token, state, tls, max);
  }

  private ApiConfig.Tls tls(YNode node) {
    if (node == null) {
      return null;
    }
    String p = "api.tls";
    YNode.Mapping m = f.mapping(node, p);
    if (m == null) {
      return null;
    }
    f.onlyKnown(m, p, TLS);
    Path ks = path(m, "keyStore", p, true, null);
    String type = f.choice(m, "keyStoreType", p, List.of("pkcs12", "jks"), "pkcs12");
    Path pw = path(m, "passwordFile", p, true, null);
    return ks == null || type == null || pw == null
        ? null
        : new ApiConfig.Tls(ks, type.toUpperCase(Locale.ROOT), pw);
  }

  private Path path(YNode.Mapping m, String key, String parent, boolean required, Path dflt) {
    String s = f.string(m, key, parent, required, null);
    if (s == null) {
      return dflt;
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
}
