package io.fulcrum.election.tool;

import io.fulcrum.election.ElectionNode;
import io.fulcrum.election.ElectionSettings;
import io.fulcrum.election.OwnershipListener;
import io.fulcrum.election.VipLeaseWriter;
import io.fulcrum.election.kernel.KernelAddressVipAdapter;
import io.fulcrum.election.l2.GratuitousAnnouncer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Runs one election node on its own (the agent embeds {@link ElectionNode} the same way). Leases go
 * to the kernel-address test adapter ({@code --lease-dir}), announcements out of {@code --iface},
 * and a status line is rewritten to {@code --status} every 50 ms.
 *
 * <pre>
 * java -cp ... io.fulcrum.election.tool.NodeMain --id 198.18.0.11:7411 \
 *   --peers 198.18.0.11:7411,198.18.0.12:7411,198.18.0.13:7411 --data /var/lib/fulcrum/raft \
 *   --iface eth0 --vips 198.18.0.100 --lease-dir /run/fulcrum/leases --status /run/fulcrum/st
 * </pre>
 */
public final class NodeMain {
  private NodeMain() {}

  public static void main(String[] argv) throws Exception {
    Args a = new Args(argv);
    List<String> peers = Arrays.asList(a.get("peers").split(","));
    ElectionSettings s =
        ElectionSettings.defaults(a.get("id"), peers, Path.of(a.get("data")))
            .withElectionTimeoutMs((int) a.getLong("election-timeout-ms", 300))
            .withVipLeaseMs(a.getLong("lease-ms", 200), a.getLong("renew-ms", 50));
    VipLeaseWriter leases = new KernelAddressVipAdapter(Path.of(a.get("lease-dir")));
    GratuitousAnnouncer announcer =
        GratuitousAnnouncer.onInterface(
            a.get("iface"), (int) a.getLong("garp-count", 3), a.getLong("garp-interval-ms", 50));
    ElectionNode node = ElectionNode.start(s, leases, announcer);
    node.addListener(
        new OwnershipListener() {
          @Override
          public void onLeaderStart(long term) {
            System.out.println("EVENT leader-start term=" + term);
          }

          @Override
          public void onVipGained(String vip, long term) {
            System.out.println("EVENT gained vip=" + vip + " term=" + term);
          }

          @Override
          public void onVipLost(String vip, long term) {
            System.out.println("EVENT lost vip=" + vip + " term=" + term);
          }
        });
    Set<String> vips = new TreeSet<>();
    for (String v : a.get("vips", "").split(",")) {
      if (!v.isBlank()) {
        vips.add(v.trim());
      }
    }
    node.setReady(true);
    node.declareVips(vips);
    Runtime.getRuntime().addShutdownHook(new Thread(node::close));
    Path status = Path.of(a.get("status"));
    Path tmp = status.resolveSibling(status.getFileName() + ".tmp");
    while (true) {
      try {
        Files.writeString(tmp, node.status().toLine() + "\n");
        Files.move(
            tmp, status, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        System.err.println("status write failed: " + e.getMessage());
      }
      Thread.sleep(50);
    }
  }
}
