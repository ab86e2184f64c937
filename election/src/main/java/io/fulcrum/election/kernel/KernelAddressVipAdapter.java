package io.fulcrum.election.kernel;

import io.fulcrum.election.VipLeaseWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * TEST ADAPTER, not the production path. Stands in for the data plane's {@code fl_l2} lease map
 * until the XDP program answers ARP / NS itself: each grant writes the lease deadline into a file
 * {@code <dir>/<vip>}, and a separate process, {@link KernelLeaseKeeper}, running in the node's
 * network namespace like a pinned data plane would, keeps the VIP as a kernel address on the
 * interface exactly while the lease is valid (so the kernel answers ARP / NS and ping for it).
 * Because the keeper outlives the agent, a killed agent's VIP falls silent when its last lease runs
 * out, as with the data plane.
 */
public final class KernelAddressVipAdapter implements VipLeaseWriter {
  private final Path dir;

  public KernelAddressVipAdapter(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
  }

  @Override
  public void grant(String vip, long expiresAtNanos) {
    write(vip, Long.toString(expiresAtNanos));
  }

  @Override
  public void revoke(String vip) {
    write(vip, "0");
  }

  private void write(String vip, String content) {
    Path target = dir.resolve(vip);
    Path tmp = dir.resolve("." + vip + ".tmp");
    try {
      Files.writeString(tmp, content + "\n", StandardCharsets.US_ASCII);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the lease of " + vip, e);
    }
  }
}
