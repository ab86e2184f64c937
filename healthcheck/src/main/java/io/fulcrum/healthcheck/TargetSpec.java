package io.fulcrum.healthcheck;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.util.Objects;

/**
 * What to probe: a host (an IP literal, or a name resolved before each probe), the backend's port
 * and the settings. The probe goes to {@code settings.port()} when set, else to {@code port}.
 */
public record TargetSpec(String host, int port, CheckSettings settings) {
  public TargetSpec {
    Objects.requireNonNull(settings, "settings");
    if (host == null || host.isBlank() || host.chars().anyMatch(Character::isWhitespace)) {
      throw new InvalidSettingsException("target host '" + host + "' is empty or has spaces");
    }
    if (port < 0 || port > 65535) {
      throw new InvalidSettingsException("target port " + port + " out of range (0-65535)");
    }
    if (settings.type() != CheckType.PING && settings.port() == 0 && port == 0) {
      throw new InvalidSettingsException(
          "target " + host + ": a " + settings.type().label() + " check needs a port");
    }
  }

  /** The port probes go to (0 for ping). */
  public int probePort() {
    if (settings.type() == CheckType.PING) {
      return 0;
    }
    return settings.port() != 0 ? settings.port() : port;
  }

  /** The address when {@code host} is an IP literal, else null (a name to resolve). */
  public InetAddress literalAddress() {
    String h =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    return NetUtil.createInetAddressFromIpAddressString(h);
  }
}
