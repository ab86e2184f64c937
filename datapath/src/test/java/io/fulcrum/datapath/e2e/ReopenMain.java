package io.fulcrum.datapath.e2e;

import io.fulcrum.datapath.BpfDatapath;
import io.fulcrum.datapath.DatapathConfig;
import io.fulcrum.datapath.bpf.XdpMode;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;

/**
 * A second process that adopts a running data plane: loads the object over the pinned maps,
 * replaces the program in every pinned link, prints what it adopted and exits (close() keeps the
 * data plane forwarding). Args: pinRoot netns snat4 snat6 if1,if2,...
 */
public final class ReopenMain {
  private ReopenMain() {}

  public static void main(String[] args) throws Exception {
    DatapathConfig cfg =
        DatapathConfig.defaults("e2e")
            .withPinRoot(Path.of(args[0]))
            .withSizes(64, 256, 65536, 1 << 16)
            .withSnat(InetAddress.getByName(args[2]), InetAddress.getByName(args[3]))
            .withInterfaces(args[1], XdpMode.DRIVER, List.of(args[4].split(",")));
    try (BpfDatapath dp = BpfDatapath.open(cfg)) {
      System.out.println(
          "ADOPTED " + dp.programmed().size() + " services, " + dp.flowCount() + " flows");
    }
  }
}
