package io.fulcrum.testrig;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks that the machine can run kernel tests (root, bpffs, ip). A missing capability is a failure
 * with a message saying what to do, never a silent skip: CI runs these tests as root.
 */
public final class Capabilities {
  private Capabilities() {}

  /** True when running under CI (the environment variable CI=true). */
  public static boolean underCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  /** Throws unless the process is root, bpffs is mounted and iproute2 is installed. */
  public static void requireKernelTestRig() {
    String user = System.getProperty("user.name");
    StringBuilder missing = new StringBuilder();
    if (!"root".equals(user)) {
      missing.append(" not root (running as ").append(user).append(");");
    }
    if (!Sh.run(java.util.List.of("stat", "-f", "-c", "%T", "/sys/fs/bpf"))
        .stdout()
        .contains("bpf")) {
      missing.append(" bpffs not mounted at /sys/fs/bpf;");
    }
    if (!Files.isExecutable(Path.of("/usr/sbin/ip")) && !Files.isExecutable(Path.of("/sbin/ip"))) {
      missing.append(" iproute2 (ip) not installed;");
    }
    if (missing.length() > 0) {
      throw new IllegalStateException(
          "kernel test rig unavailable:"
              + missing
              + " run scripts/setup.sh as root (these tests never skip)");
    }
  }
}
