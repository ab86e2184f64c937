package io.fulcrum.agent.health;

import io.fulcrum.healthcheck.raw.LibC;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Daemon threads that enter a named network namespace ({@code ip netns add}) before running: a
 * socket belongs to the namespace of the thread that opened it, so a health-check engine built on
 * these threads probes from the LB namespace ({@code dataplane.netns}) while the rest of the agent
 * stays where it was started.
 */
public final class NetnsThreadFactory implements ThreadFactory {
  private final String netns;
  private final String prefix;
  private final AtomicInteger n = new AtomicInteger();

  public NetnsThreadFactory(String netns, String prefix) {
    this.netns = netns;
    this.prefix = prefix;
  }

  @Override
  public Thread newThread(Runnable r) {
    Thread t =
        new Thread(
            () -> {
              enter(netns);
              r.run();
            },
            prefix + "-" + n.incrementAndGet());
    t.setDaemon(true);
    return t;
  }

  /** Moves the calling thread into the named namespace. */
  static void enter(String netns) {
    LibC libc = LibC.get();
    int fd = libc.open("/var/run/netns/" + netns, LibC.O_RDONLY);
    if (fd < 0) {
      throw new IllegalStateException("open netns " + netns + ": " + LibC.lastError());
    }
    try {
      if (libc.setns(fd, LibC.CLONE_NEWNET) != 0) {
        throw new IllegalStateException("setns " + netns + ": " + LibC.lastError());
      }
    } finally {
      libc.close(fd);
    }
  }
}
