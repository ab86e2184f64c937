package io.fulcrum.kubernetes.pool;

import java.net.Inet4Address;
import java.net.InetAddress;

/** IPv4 or IPv6, as Kubernetes spells them in {@code spec.ipFamilies}. */
public enum IpFamily {
  IPV4("IPv4", 4),
  IPV6("IPv6", 16);

  private final String kubernetesName;
  private final int bytes;

  IpFamily(String kubernetesName, int bytes) {
    this.kubernetesName = kubernetesName;
    this.bytes = bytes;
  }

  public String kubernetesName() {
    return kubernetesName;
  }

  /** Address length in bytes. */
  public int bytes() {
    return bytes;
  }

  public IpFamily other() {
    return this == IPV4 ? IPV6 : IPV4;
  }

  public static IpFamily of(InetAddress address) {
    return address instanceof Inet4Address ? IPV4 : IPV6;
  }

  /** Parses "IPv4" / "IPv6"; anything else is an {@link IllegalArgumentException}. */
  public static IpFamily parse(String s) {
    for (IpFamily f : values()) {
      if (f.kubernetesName.equals(s)) {
        return f;
      }
    }
    throw new IllegalArgumentException("unknown IP family: " + s);
  }
}
