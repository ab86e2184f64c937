package io.fulcrum.datapath;

import io.fulcrum.datapath.bpf.XdpMode;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Load-time settings of the BPF data plane.
 *
 * @param pinRoot bpffs directory of this instance's pinned maps and links, e.g. {@code
 *     /sys/fs/bpf/fulcrum/<instance>}
 * @param maxServices services (and service ids); fl_services and fl_svc_stats size
 * @param maxBackends backends over all services; fl_backends and fl_backend_stats size
 * @param maxFlows tracked flows (fl_flows holds two entries per flow)
 * @param ringPoolSize slots of the shared Maglev ring pool
 * @param maxAffinity client-IP affinity entries
 * @param maxL2Vips VIPs answered for ARP / NS
 * @param snatV4 full-NAT source address for IPv4 (null: none, full NAT of IPv4 drops)
 * @param snatV6 full-NAT source address for IPv6 (null: none)
 * @param snatPortMin first full-NAT source port
 * @param snatPortMax last full-NAT source port
 * @param interfaces interfaces to attach XDP to
 * @param netns named network namespace (ip netns) the interfaces live in; null: this process's
 * @param xdpMode driver, generic, or driver with generic fallback
 * @param objectFile the XDP object to load; null: the bundled one
 */
public record DatapathConfig(
    Path pinRoot,
    int maxServices,
    int maxBackends,
    int maxFlows,
    int ringPoolSize,
    int maxAffinity,
    int maxL2Vips,
    InetAddress snatV4,
    InetAddress snatV6,
    int snatPortMin,
    int snatPortMax,
    Timeouts timeouts,
    List<String> interfaces,
    String netns,
    XdpMode xdpMode,
    Path objectFile) {

  /** Connection-tracking timeouts. */
  public record Timeouts(
      Duration tcpSyn,
      Duration tcpEstablished,
      Duration tcpClosing,
      Duration udp,
      Duration sctp,
      Duration icmp) {
    public static final Timeouts DEFAULT =
        new Timeouts(
            Duration.ofSeconds(30),
            Duration.ofMinutes(10),
            Duration.ofSeconds(10),
            Duration.ofSeconds(60),
            Duration.ofMinutes(5),
            Duration.ofSeconds(30));
  }

  public DatapathConfig {
    Objects.requireNonNull(pinRoot, "pinRoot");
    Objects.requireNonNull(timeouts, "timeouts");
    Objects.requireNonNull(xdpMode, "xdpMode");
    interfaces = List.copyOf(interfaces);
    positive("maxServices", maxServices);
    positive("maxBackends", maxBackends);
    positive("maxFlows", maxFlows);
    positive("ringPoolSize", ringPoolSize);
    positive("maxAffinity", maxAffinity);
    positive("maxL2Vips", maxL2Vips);
    if (snatV4 != null && !(snatV4 instanceof Inet4Address)) {
      throw new IllegalArgumentException("snatV4 must be IPv4");
    }
    if (snatV6 != null && !(snatV6 instanceof Inet6Address)) {
      throw new IllegalArgumentException("snatV6 must be IPv6");
    }
    if (snatPortMin < 1 || snatPortMax > 65535 || snatPortMin > snatPortMax) {
      throw new IllegalArgumentException(
          "SNAT port range must be within 1..65535, was " + snatPortMin + ".." + snatPortMax);
    }
  }

  private static void positive(String name, int v) {
    if (v <= 0) {
      throw new IllegalArgumentException(name + " must be > 0, was " + v);
    }
  }

  /** Defaults sized for tests and small nodes, pinned under /sys/fs/bpf/fulcrum/{instance}. */
  public static DatapathConfig defaults(String instance) {
    return new DatapathConfig(
        Path.of("/sys/fs/bpf/fulcrum", instance),
        1024,
        16384,
        65536,
        1 << 20,
        16384,
        1024,
        null,
        null,
        20000,
        59999,
        Timeouts.DEFAULT,
        List.of(),
        null,
        XdpMode.AUTO,
        null);
  }

  public DatapathConfig withSnat(InetAddress v4, InetAddress v6) {
    return new DatapathConfig(
        pinRoot,
        maxServices,
        maxBackends,
        maxFlows,
        ringPoolSize,
        maxAffinity,
        maxL2Vips,
        v4,
        v6,
        snatPortMin,
        snatPortMax,
        timeouts,
        interfaces,
        netns,
        xdpMode,
        objectFile);
  }

  public DatapathConfig withPorts(int min, int max) {
    return new DatapathConfig(
        pinRoot,
        maxServices,
        maxBackends,
        maxFlows,
        ringPoolSize,
        maxAffinity,
        maxL2Vips,
        snatV4,
        snatV6,
        min,
        max,
        timeouts,
        interfaces,
        netns,
        xdpMode,
        objectFile);
  }

  public DatapathConfig withTimeouts(Timeouts t) {
    return new DatapathConfig(
        pinRoot,
        maxServices,
        maxBackends,
        maxFlows,
        ringPoolSize,
        maxAffinity,
        maxL2Vips,
        snatV4,
        snatV6,
        snatPortMin,
        snatPortMax,
        t,
        interfaces,
        netns,
        xdpMode,
        objectFile);
  }

  public DatapathConfig withInterfaces(String ns, XdpMode mode, List<String> ifaces) {
    return new DatapathConfig(
        pinRoot,
        maxServices,
        maxBackends,
        maxFlows,
        ringPoolSize,
        maxAffinity,
        maxL2Vips,
        snatV4,
        snatV6,
        snatPortMin,
        snatPortMax,
        timeouts,
        ifaces,
        ns,
        mode,
        objectFile);
  }

  public DatapathConfig withSizes(int services, int backends, int flows, int ringPool) {
    return new DatapathConfig(
        pinRoot,
        services,
        backends,
        flows,
        ringPool,
        maxAffinity,
        maxL2Vips,
        snatV4,
        snatV6,
        snatPortMin,
        snatPortMax,
        timeouts,
        interfaces,
        netns,
        xdpMode,
        objectFile);
  }

  public DatapathConfig withPinRoot(Path root) {
    return new DatapathConfig(
        root,
        maxServices,
        maxBackends,
        maxFlows,
        ringPoolSize,
        maxAffinity,
        maxL2Vips,
        snatV4,
        snatV6,
        snatPortMin,
        snatPortMax,
        timeouts,
        interfaces,
        netns,
        xdpMode,
        objectFile);
  }

  public DatapathConfig withObjectFile(Path file) {
    return new DatapathConfig(
        pinRoot,
        maxServices,
        maxBackends,
        maxFlows,
        ringPoolSize,
        maxAffinity,
        maxL2Vips,
        snatV4,
        snatV6,
        snatPortMin,
        snatPortMax,
        timeouts,
        interfaces,
        netns,
        xdpMode,
        file);
  }
}
