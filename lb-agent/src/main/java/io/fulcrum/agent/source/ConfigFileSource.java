package io.fulcrum.agent.source;

import io.fulcrum.agent.config.AgentConfig;
import io.fulcrum.agent.config.ConfigException;
import io.fulcrum.agent.config.ConfigParser;
import io.fulcrum.agent.state.Conflict;
import io.fulcrum.agent.state.DesiredStateStore;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configuration file as a source of desired state. It watches the file's directory (so editors
 * that save by writing a new file and renaming it over the old one, and symlink swaps, are seen),
 * waits until the directory has been quiet for the debounce period, and then re-reads the file. A
 * file that parses and validates replaces this source's services in the store; a bad one is refused
 * with one error (listing every problem) and the running state stays as it was.
 */
public final class ConfigFileSource implements AutoCloseable {
  public static final String SOURCE = "file";
  private static final Logger LOG = LoggerFactory.getLogger(ConfigFileSource.class);

  private final Path file;
  private final DesiredStateStore store;
  private final Duration debounce;
  private AgentConfig current;
  private byte[] currentBytes;
  private WatchService watcher;
  private Thread thread;
  private volatile boolean closed;

  /** {@code initial} is the configuration the agent started with (already validated). */
  public ConfigFileSource(
      Path file,
      byte[] initialBytes,
      AgentConfig initial,
      DesiredStateStore store,
      Duration debounce) {
    this.file = file.toAbsolutePath();
    this.store = store;
    this.debounce = debounce;
    this.current = initial;
    this.currentBytes = initialBytes.clone();
  }

  /** Publishes the initial services to the store (no watching yet). */
  public void publishInitial() {
    logConflicts(store.replace(SOURCE, current.services()));
  }

  /** Starts watching the file's directory. */
  public void start() throws IOException {
    watcher = FileSystems.getDefault().newWatchService();
    Path dir = Objects.requireNonNull(file.getParent(), "config file has no directory");
    dir.register(
        watcher,
        StandardWatchEventKinds.ENTRY_CREATE,
        StandardWatchEventKinds.ENTRY_MODIFY,
        StandardWatchEventKinds.ENTRY_DELETE);
    thread = new Thread(this::watchLoop, "fulcrum-config-watch");
    thread.setDaemon(true);
    thread.start();
    LOG.info("watching {} for changes", file);
  }

  /** The configuration in force. */
  public synchronized AgentConfig current() {
    return current;
  }

  /**
   * Reads the file now and applies it if it changed and is valid. Returns true when a new
   * configuration was applied.
   */
  public synchronized boolean reload() {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      LOG.error("config {} cannot be read ({}); keeping the running state", file, e.toString());
      return false;
    }
    if (Arrays.equals(bytes, currentBytes)) {
      return false;
    }
    AgentConfig next;
    try {
      next = ConfigParser.parse(bytes, file.toString());
    } catch (ConfigException e) {
      LOG.error("config edit refused, keeping the running state: {}", e.getMessage());
      currentBytes = bytes; // report each bad version once
      return false;
    }
    warnIfNeedsRestart(next);
    logConflicts(store.replace(SOURCE, next.services()));
    LOG.info("config reloaded from {}: {} services", file, next.services().size());
    current = next;
    currentBytes = bytes;
    return true;
  }

  private void warnIfNeedsRestart(AgentConfig next) {
    if (!next.dataplane().equals(current.dataplane())) {
      LOG.warn("config: changes to the dataplane section take effect after a restart");
    }
    if (!Objects.equals(next.metrics(), current.metrics())) {
      LOG.warn("config: changes to the metrics section take effect after a restart");
    }
    if (!Objects.equals(next.log(), current.log())) {
      LOG.warn("config: changes to the log section take effect after a restart");
    }
  }

  private static void logConflicts(List<Conflict> conflicts) {
    for (Conflict c : conflicts) {
      LOG.error("conflict: {}", c);
    }
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
        reload();
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
    if (watcher != null) {
      try {
        watcher.close();
      } catch (IOException e) {
        LOG.debug("closing watcher: {}", e.toString());
      }
    }
    if (thread != null) {
      thread.interrupt();
    }
  }
}
