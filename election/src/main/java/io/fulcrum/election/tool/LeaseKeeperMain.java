package io.fulcrum.election.tool;

import io.fulcrum.election.kernel.KernelLeaseKeeper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * TEST ADAPTER process: the stand-in data plane of one node (see {@link
 * io.fulcrum.election.kernel.KernelAddressVipAdapter}). Run it in the node's namespace; it sets
 * arp_ignore=1 / arp_announce=2 (answer ARP only for addresses on the asking interface; never use a
 * VIP as the source of our own ARP requests) and keeps VIP addresses in step with their leases.
 *
 * <pre>java -cp ... io.fulcrum.election.tool.LeaseKeeperMain --dir DIR --iface eth0</pre>
 */
public final class LeaseKeeperMain {
  private LeaseKeeperMain() {}

  public static void main(String[] argv) throws Exception {
    Args a = new Args(argv);
    String iface = a.get("iface");
    Path dir = Path.of(a.get("dir"));
    Files.createDirectories(dir);
    for (String scope : List.of("all", iface)) {
      sysctl("net/ipv4/conf/" + scope + "/arp_ignore", "1");
      sysctl("net/ipv4/conf/" + scope + "/arp_announce", "2");
    }
    long pollMs = a.getLong("poll-ms", 5);
    KernelLeaseKeeper keeper =
        new KernelLeaseKeeper(dir, iface, System::nanoTime, LeaseKeeperMain::run);
    System.out.println("keeper ready on " + iface);
    while (true) {
      keeper.poll();
      Thread.sleep(pollMs);
    }
  }

  private static void sysctl(String key, String value) throws IOException {
    Files.writeString(Path.of("/proc/sys", key), value);
  }

  private static void run(List<String> cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      if (p.waitFor() != 0) {
        System.err.println("failed: " + String.join(" ", cmd) + ": " + out.trim());
      }
    } catch (IOException e) {
      System.err.println("cannot run " + cmd + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
