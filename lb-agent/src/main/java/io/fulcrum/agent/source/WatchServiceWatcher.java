package io.fulcrum.agent.source;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The portable fallback when inotify cannot be set up: a java.nio {@link WatchService} on the
 * directory. It cannot tell when a writer is done, so after any event it waits until the directory
 * has been quiet for the whole debounce period before re-reading.
 */
final class WatchServiceWatcher implements DirectoryWatcher {
  private static final Logger LOG = LoggerFactory.getLogger(WatchServiceWatcher.class);

  private final WatchService watcher;
  private final Duration debounce;
  private final Runnable reload;
  private final Thread thread;
  private volatile boolean closed;

  private WatchServiceWatcher(WatchService watcher, Duration debounce, Runnable reload) {
    this.watcher = watcher;
    this.debounce = debounce;
    this.reload = reload;
    this.thread = new Thread(this::watchLoop, "fulcrum-config-watch");
    this.thread.setDaemon(true);
  }

  static WatchServiceWatcher start(Path dir, Duration debounce, Runnable reload)
      throws IOException {
    WatchService watcher = FileSystems.getDefault().newWatchService();
    try {
      dir.register(
          watcher,
          StandardWatchEventKinds.ENTRY_CREATE,
          StandardWatchEventKinds.ENTRY_MODIFY,
          StandardWatchEventKinds.ENTRY_DELETE);
    } catch (IOException | RuntimeException e) {
      watcher.close();
      throw e;
    }
    WatchServiceWatcher w = new WatchServiceWatcher(watcher, debounce, reload);
    w.thread.start();
    return w;
  }

  @Override
  public boolean alive() {
    return thread.isAlive();
  }

  @Override
  public String mechanism() {
    return "WatchService";
  }

  private void watchLoop() {
    try {
      while (!closed) {
        WatchKey key = watcher.take();
        drain(key);
        // debounce: wait until the directory has been quiet for the whole period
        while (true) {
          WatchKey more = watcher.poll(debounce.toMillis(), TimeUnit.MILLISECONDS);
          if (more == null) {
            break;
          }
          drain(more);
        }
        reload.run();
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      // closing
    } catch (RuntimeException e) {
      LOG.error("config watcher stopped: {}", e.toString(), e);
    }
  }

  private static void drain(WatchKey key) {
    key.pollEvents();
    key.reset();
  }

  @Override
  public void close() {
    closed = true;
    try {
      watcher.close();
    } catch (IOException e) {
      LOG.debug("closing watcher: {}", e.toString());
    }
    thread.interrupt();
  }
}
