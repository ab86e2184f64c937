package io.fulcrum.healthcheck.it;

import io.fulcrum.healthcheck.raw.LibC;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads that live in a network namespace. {@code setns(CLONE_NEWNET)} moves only the calling
 * thread, and a socket belongs to the namespace of the thread that created it; so a JVM can run
 * code in several namespaces at once: the health-check engine with {@link #factory} probes from the
 * client namespace while test servers opened with {@link #call} listen in the server one, and the
 * test thread itself stays in the host namespace.
 */
public final class NetnsThreads {
  private NetnsThreads() {}

  /** A factory of daemon threads that enter {@code netns} before running their task. */
  public static ThreadFactory factory(String netns, String namePrefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t =
          new Thread(
              () -> {
                enter(netns);
                r.run();
              },
              namePrefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Runs {@code task} on a fresh thread inside {@code netns} and returns its result. */
  public static <T> T call(String netns, Callable<T> task) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Thread t =
        factory(netns, "netns-call")
            .newThread(
                () -> {
                  try {
                    result.complete(task.call());
                  } catch (Throwable e) {
                    result.completeExceptionally(e);
                  }
                });
    t.start();
    try {
      return result.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("in netns " + netns + ": " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Moves the calling thread into the named namespace (made by {@code ip netns add}). */
  public static void enter(String netns) {
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
