package io.fulcrum.agent.config;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

/**
 * The {@code dataplane} section: where the XDP program is attached, how it is loaded and sized.
 *
 * @param interfaces network interfaces to attach the XDP program to
 * @param xdpMode {@code native}, {@code generic} or {@code auto}
 * @param snatAddresses node source addresses for full NAT (at most one per address family)
 * @param snatPortMin first source port for full NAT (inclusive)
 * @param snatPortMax last source port for full NAT (inclusive)
 * @param pinPath bpffs directory where programs and maps are pinned
 * @param netns named network namespace ({@code ip netns}) the interfaces live in; null for the
 *     agent's own (used by the demo and the tests, which keep the agent in the host namespace)
 */
public record DataplaneSettings(
    List<String> interfaces,
    String xdpMode,
    List<InetAddress> snatAddresses,
    int snatPortMin,
    int snatPortMax,
    String pinPath,
    String netns,
    MapSizes maps,
    ConntrackTimeouts conntrack) {

  public static final String DEFAULT_PIN_PATH = "/sys/fs/bpf/fulcrum";

  public DataplaneSettings {
    interfaces = List.copyOf(interfaces);
    snatAddresses = List.copyOf(snatAddresses);
  }

  /** Capacity of each map (entries). */
  public record MapSizes(int services, int backends, int flows, int affinity, int ringPool) {
    public static final MapSizes DEFAULTS = new MapSizes(65536, 262144, 1048576, 262144, 16777216);
  }

  /** Connection tracking idle timeouts. */
  public record ConntrackTimeouts(
      Duration tcpSyn,
      Duration tcpEstablished,
      Duration tcpClosing,
      Duration udp,
      Duration sctp,
      Duration icmp) {
    public static final ConntrackTimeouts DEFAULTS =
        new ConntrackTimeouts(
            Duration.ofSeconds(60),
            Duration.ofHours(1),
            Duration.ofSeconds(60),
            Duration.ofSeconds(60),
            Duration.ofHours(1),
            Duration.ofSeconds(30));
  }
}
