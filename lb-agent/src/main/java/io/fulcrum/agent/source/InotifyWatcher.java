package io.fulcrum.agent.source;

import static io.fulcrum.agent.source.InotifyEvent.IN_CLOSE_WRITE;
import static io.fulcrum.agent.source.InotifyEvent.IN_CREATE;
import static io.fulcrum.agent.source.InotifyEvent.IN_DELETE;
import static io.fulcrum.agent.source.InotifyEvent.IN_IGNORED;
import static io.fulcrum.agent.source.InotifyEvent.IN_MODIFY;
import static io.fulcrum.agent.source.InotifyEvent.IN_MOVED_FROM;
import static io.fulcrum.agent.source.InotifyEvent.IN_MOVED_TO;
import static io.fulcrum.agent.source.InotifyEvent.IN_ONLYDIR;
import static io.fulcrum.agent.source.InotifyEvent.IN_Q_OVERFLOW;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the config file's directory with inotify(7) and re-reads the file when {@link
 * ReloadSchedule} says so. One thread waits in poll(2) on the (non-blocking) inotify fd and an
 * eventfd; {@link #close()} writes the eventfd, so the thread wakes at once, closes both fds itself
 * and ends.
 */
final class InotifyWatcher implements DirectoryWatcher {
  private static final Logger LOG = LoggerFactory.getLogger(InotifyWatcher.class);

  /** The directory-entry events that can change what the config file reads as. */
  static final int MASK =
      IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE | IN_MODIFY | IN_MOVED_FROM | IN_ONLYDIR;

  private static final long RETRY_NANOS = Duration.ofSeconds(1).toNanos();
  private static final long JOIN_MILLIS = 2_000;
  private static final int ENOSPC = 28;

  private final InotifyLibC libc;
  private final Path dir;
  private final Duration debounce;
  private final ReloadSchedule schedule;
  private final Runnable reload;
  private final LongSupplier nanos;
  private final int inotifyFd;
  private final int wakeFd;
  private final Thread thread;
  private final Object fdLock = new Object();
  private boolean fdsClosed; // guarded by fdLock
  private volatile boolean closing;
  private int wd; // watcher thread only (after start)

  private InotifyWatcher(
      InotifyLibC libc,
      Path dir,
      int inotifyFd,
      int wakeFd,
      int wd,
      Duration settle,
      Duration debounce,
      Runnable reload,
      LongSupplier nanos) {
    this.libc = libc;
    this.dir = dir;
    this.inotifyFd = inotifyFd;
    this.wakeFd = wakeFd;
    this.wd = wd;
    this.debounce = debounce;
    this.schedule = new ReloadSchedule(settle, debounce);
    this.reload = reload;
    this.nanos = nanos;
    this.thread = new Thread(this::loop, "fulcrum-config-watch");
    this.thread.setDaemon(true);
  }

  /**
   * Sets up the watch of {@code dir} and starts the watching thread.
   *
   * @throws IOException if inotify cannot be set up (e.g. the per-user instance or watch limits)
   * @throws LinkageError if libc cannot be bound (not Linux)
   */
  static InotifyWatcher start(Path dir, Duration settle, Duration debounce, Runnable reload)
      throws IOException {
    InotifyLibC libc = InotifyLibC.get();
    int ifd = libc.inotify_init1(InotifyLibC.IN_NONBLOCK | InotifyLibC.IN_CLOEXEC);
    if (ifd < 0) {
      throw new IOException(
          "inotify_init1: "
              + InotifyLibC.lastError()
              + " (limit: /proc/sys/fs/inotify/max_user_instances)");
    }
    int efd = libc.eventfd(0, InotifyLibC.EFD_NONBLOCK | InotifyLibC.EFD_CLOEXEC);
    if (efd < 0) {
      String err = InotifyLibC.lastError();
      libc.close(ifd);
      throw new IOException("eventfd: " + err);
    }
    int wd = libc.inotify_add_watch(ifd, dir.toString(), MASK);
    if (wd < 0) {
      int errno = InotifyLibC.errno();
      String err = InotifyLibC.lastError();
      libc.close(ifd);
      libc.close(efd);
      throw new IOException(
          "inotify_add_watch "
              + dir
              + ": "
              + err
              + (errno == ENOSPC ? " (limit: /proc/sys/fs/inotify/max_user_watches)" : ""));
    }
    InotifyWatcher w =
        new InotifyWatcher(libc, dir, ifd, efd, wd, settle, debounce, reload, System::nanoTime);
    w.thread.start();
    return w;
  }

  @Override
  public boolean alive() {
    return thread.isAlive();
  }

  @Override
  public String mechanism() {
    return "inotify";
  }

  private void loop() {
    byte[] pollfds = new byte[16]; // two struct pollfd {int fd; short events; short revents;}
    ByteBuffer pfd = ByteBuffer.wrap(pollfds).order(ByteOrder.nativeOrder());
    byte[] buf = new byte[64 * InotifyEvent.MAX_EVENT];
    long retryAt = nanos.getAsLong();
    boolean retryLogged = false;
    try {
      while (!closing) {
        long now = nanos.getAsLong();
        if (schedule.due(now)) {
          schedule.reloading();
          runReload();
          continue;
        }
        long wakeAt = schedule.deadline();
        if (wd < 0) {
          if (now - retryAt >= 0) {
            retryAt = now + RETRY_NANOS;
            retryLogged = rewatch(now, retryLogged);
            continue;
          }
          wakeAt = Math.min(wakeAt, retryAt);
        }
        int timeout =
            wakeAt == ReloadSchedule.NONE
                ? -1
                : (int) Math.min(Integer.MAX_VALUE, (wakeAt - now + 999_999) / 1_000_000);
        pfd.putInt(0, inotifyFd).putShort(4, InotifyLibC.POLLIN).putShort(6, (short) 0);
        pfd.putInt(8, wakeFd).putShort(12, InotifyLibC.POLLIN).putShort(14, (short) 0);
        int r = libc.poll(pollfds, 2, timeout);
        if (r < 0) {
          if (InotifyLibC.errno() == InotifyLibC.EINTR) {
            continue;
          }
          throw new IOException("poll: " + InotifyLibC.lastError());
        }
        if (closing || pfd.getShort(14) != 0) {
          break;
        }
        short revents = pfd.getShort(6);
        if ((revents & (InotifyLibC.POLLERR | InotifyLibC.POLLNVAL)) != 0) {
          throw new IOException(
              "poll reports an error on the inotify fd (revents " + revents + ")");
        }
        if ((revents & InotifyLibC.POLLIN) != 0) {
          drain(buf);
        }
      }
    } catch (IOException | RuntimeException e) {
      if (!closing) {
        LOG.error(
            "config watcher stopped, edits of {} are no longer picked up: {}",
            dir,
            e.toString(),
            e);
      }
    } finally {
      closeFds();
    }
  }

  private void runReload() {
    try {
      reload.run();
    } catch (RuntimeException e) {
      LOG.error("config reload failed: {}", e.toString(), e);
    }
  }

  /** Reads every queued event (the fd is non-blocking) and hands them to the schedule. */
  private void drain(byte[] buf) throws IOException {
    while (true) {
      long n = libc.read(inotifyFd, buf, buf.length);
      if (n < 0) {
        int errno = InotifyLibC.errno();
        if (errno == InotifyLibC.EAGAIN) {
          return;
        }
        if (errno == InotifyLibC.EINTR) {
          continue;
        }
        throw new IOException("read from inotify: " + InotifyLibC.lastError());
      }
      if (n == 0) {
        return;
      }
      long now = nanos.getAsLong();
      for (InotifyEvent e : InotifyEvent.parse(buf, (int) n, ByteOrder.nativeOrder())) {
        if (e.is(IN_Q_OVERFLOW)) {
          LOG.warn(
              "inotify queue overflowed for {}; re-reading the config after {} ms of quiet",
              dir,
              debounce.toMillis());
        } else if (e.is(IN_IGNORED)) {
          if (e.wd() != wd) {
            continue; // a watch replaced earlier
          }
          LOG.warn("the watch on {} is gone (directory removed or unmounted); retrying", dir);
          wd = -1;
        }
        if (LOG.isTraceEnabled()) {
          LOG.trace("inotify {} mask {}", e.name(), Integer.toHexString(e.mask()));
        }
        schedule.onEvent(e, now);
      }
    }
  }

  /** Tries to watch the directory again; returns whether a failure has been logged. */
  private boolean rewatch(long now, boolean failureLogged) {
    int next = libc.inotify_add_watch(inotifyFd, dir.toString(), MASK);
    if (next < 0) {
      if (!failureLogged) {
        LOG.warn("cannot watch {} again yet: {}", dir, InotifyLibC.lastError());
      }
      return true;
    }
    wd = next;
    LOG.info("watching {} again; re-reading the config", dir);
    schedule.onUnknownChange(now);
    return false;
  }

  private void closeFds() {
    synchronized (fdLock) {
      if (!fdsClosed) {
        fdsClosed = true;
        libc.close(inotifyFd);
        libc.close(wakeFd);
      }
    }
  }

  @Override
  public void close() {
    closing = true;
    synchronized (fdLock) {
      if (!fdsClosed) {
        byte[] one = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(0, 1).array();
        libc.write(wakeFd, one, one.length);
      }
    }
    if (Thread.currentThread() == thread) {
      return;
    }
    try {
      thread.join(JOIN_MILLIS); // a reload in progress finishes first
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
