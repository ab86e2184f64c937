package io.fulcrum.agent.wiring;

import io.fulcrum.agent.config.DataplaneSettings;
import io.fulcrum.datapath.BpfDatapath;
import io.fulcrum.datapath.Datapath;
import io.fulcrum.datapath.DatapathConfig;
import io.fulcrum.datapath.DatapathException;
import io.fulcrum.datapath.bpf.XdpMode;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The real data plane: {@link BpfDatapath} (XDP program in the kernel, maps pinned in bpffs). */
public final class BpfDatapathFactory implements DatapathFactory {
  private static final Logger LOG = LoggerFactory.getLogger(BpfDatapathFactory.class);

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
    try {
      BpfDatapath.open(toConfig(settings, List.of())).destroy();
    } catch (DatapathException e) {
      // the pinned maps were made with other sizes than these settings say (or by another
      // version): removing the pins detaches the pinned XDP links and frees the maps all the same
      LOG.warn("cannot open the pinned data plane ({}); removing its pins", e.getMessage());
      removePins(Path.of(settings.pinPath()));
    }
    return true;
  }

  private static void removePins(Path root) {
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new DatapathException("cannot remove " + root + ": " + e.getMessage());
    }
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
