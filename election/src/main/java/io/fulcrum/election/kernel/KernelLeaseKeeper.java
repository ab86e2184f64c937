package io.fulcrum.election.kernel;

import io.fulcrum.election.Vips;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TEST ADAPTER (see {@link KernelAddressVipAdapter}): the lease-enforcing half of the stand-in data
 * plane. Each {@link #poll} reads the lease files and adds or deletes the VIP addresses so that a
 * VIP is on the interface exactly while {@code now < deadline}. The decision ({@link #decide}) is
 * pure; commands go out through an injected runner.
 */
public final class KernelLeaseKeeper {
  private static final Logger LOG = LoggerFactory.getLogger(KernelLeaseKeeper.class);

  private final Path dir;
  private final String iface;
  private final LongSupplier clock;
  private final Consumer<List<String>> run;
  private final Set<String> installed = new HashSet<>();

  public KernelLeaseKeeper(
      Path dir, String iface, LongSupplier clock, Consumer<List<String>> runner) {
    this.dir = dir;
    this.iface = iface;
    this.clock = clock;
    this.run = runner;
  }

  /** The VIPs whose lease is valid at {@code now}. */
  public static Set<String> decide(Map<String, Long> deadlines, long now) {
    Set<String> valid = new TreeSet<>();
    deadlines.forEach(
        (vip, deadline) -> {
          if (deadline != 0 && deadline - now > 0) {
            valid.add(vip);
          }
        });
    return valid;
  }

  /** One round: read the leases, then add and delete addresses. Returns the VIPs now present. */
  public Set<String> poll() {
    Set<String> valid = decide(readLeases(), clock.getAsLong());
    for (String vip : valid) {
      if (!installed.contains(vip)) {
        run.accept(List.of("ip", "addr", "replace", prefix(vip), "dev", iface, "nodad"));
        installed.add(vip);
        LOG.info("lease valid: {} on {}", vip, iface);
      }
    }
    for (String vip : new TreeSet<>(installed)) {
      if (!valid.contains(vip)) {
        run.accept(List.of("ip", "addr", "del", prefix(vip), "dev", iface));
        installed.remove(vip);
        LOG.info("lease gone: {} off {}", vip, iface);
      }
    }
    return new TreeSet<>(installed);
  }

  private Map<String, Long> readLeases() {
    Map<String, Long> leases = new HashMap<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        if (name.startsWith(".")) {
          continue;
        }
        try {
          String text = Files.readString(f, StandardCharsets.US_ASCII).trim();
          leases.put(Vips.canonical(name), Long.parseLong(text));
        } catch (IOException | IllegalArgumentException e) {
          LOG.warn("ignoring lease file {}: {}", f, e.getMessage());
        }
      }
    } catch (IOException e) {
      LOG.warn("cannot read {}: {}", dir, e.getMessage());
    }
    return leases;
  }

  private static String prefix(String vip) {
    return vip + (Vips.isV6(vip) ? "/128" : "/32");
  }
}
