package io.fulcrum.agent.wiring;

import io.fulcrum.agent.config.DataplaneSettings;
import io.fulcrum.datapath.BpfDatapath;
import io.fulcrum.datapath.Datapath;
import io.fulcrum.datapath.DatapathConfig;
import io.fulcrum.datapath.bpf.XdpMode;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The real data plane: {@link BpfDatapath} (XDP program in the kernel, maps pinned in bpffs). */
public final class BpfDatapathFactory implements DatapathFactory {
  /** VIPs answered for ARP / NS (the election module will own this setting). */
  static final int L2_VIPS = 16384;

  @Override
  public Datapath open(DataplaneSettings settings) {
    return BpfDatapath.open(toConfig(settings, settings.interfaces()));
  }

  @Override
  public boolean teardown(DataplaneSettings settings) {
    if (!Files.exists(Path.of(settings.pinPath()))) {
      return false;
    }
    BpfDatapath.open(toConfig(settings, List.of())).destroy();
    return true;
  }

  /** Maps the agent's {@code dataplane} section onto the data plane's load settings. Pure. */
  public static DatapathConfig toConfig(DataplaneSettings s, List<String> interfaces) {
    InetAddress v4 = null;
    InetAddress v6 = null;
    for (InetAddress a : s.snatAddresses()) {
      if (a instanceof Inet4Address) {
        v4 = a;
      } else {
        v6 = a;
      }
    }
    DataplaneSettings.ConntrackTimeouts ct = s.conntrack();
    return new DatapathConfig(
        Path.of(s.pinPath()),
        s.maps().services(),
        s.maps().backends(),
        s.maps().flows(),
        s.maps().ringPool(),
        s.maps().affinity(),
        L2_VIPS,
        v4,
        v6,
        s.snatPortMin(),
        s.snatPortMax(),
        new DatapathConfig.Timeouts(
            ct.tcpSyn(), ct.tcpEstablished(), ct.tcpClosing(), ct.udp(), ct.sctp(), ct.icmp()),
        interfaces,
        s.netns(),
        switch (s.xdpMode()) {
          case "native" -> XdpMode.DRIVER;
          case "generic" -> XdpMode.GENERIC;
          default -> XdpMode.AUTO;
        },
        null);
  }
}
