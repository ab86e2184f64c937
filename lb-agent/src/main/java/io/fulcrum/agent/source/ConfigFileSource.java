package io.fulcrum.agent.source;

import io.fulcrum.agent.config.AgentConfig;
import io.fulcrum.agent.config.ConfigException;
import io.fulcrum.agent.config.ConfigParser;
import io.fulcrum.agent.state.Conflict;
import io.fulcrum.agent.state.DesiredStateStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configuration file as a source of desired state. It watches the file's directory (so editors
 * that save by writing a new file and renaming it over the old one, and symlink swaps, are seen)
 * and re-reads the file once its writer is done. With inotify ({@link InotifyWatcher}) that is as
 * soon as the kernel reports the file renamed into place or closed after writing, plus a short
 * {@link #SETTLE} of quiet; a writer that has not closed yet is waited for, up to the {@code
 * debounce} of quiet (see {@link ReloadSchedule}). Where inotify cannot be set up, a java.nio
 * WatchService waits for the whole debounce of quiet after any event. A file that parses and
 * validates replaces this source's services in the store; a bad one is refused with one error
 * (listing every problem) and the running state stays as it was.
 */
public final class ConfigFileSource implements AutoCloseable {
  public static final String SOURCE = "file";
  private static final Logger LOG = LoggerFactory.getLogger(ConfigFileSource.class);

  /**
   * Quiet after a writer is done (a close or a rename into place) before the file is read: enough
   * to take a burst of events (a rename and a chmod, several files closed) as one change.
   */
  public static final Duration SETTLE = Duration.ofMillis(15);

  private final Path file;
  private final DesiredStateStore store;
  private final Duration debounce;
  private AgentConfig current;
  private byte[] currentBytes;
  private volatile DirectoryWatcher watcher;
  private boolean inotify = true;

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

  /**
   * Starts watching the file's directory: with inotify, or, where that cannot be set up, with a
   * java.nio WatchService (logged as a warning).
   */
  public void start() throws IOException {
    Path dir = Objects.requireNonNull(file.getParent(), "config file has no directory");
    Runnable onChange = this::reload;
    DirectoryWatcher w = inotify ? startInotify(dir, onChange) : null;
    watcher = w != null ? w : WatchServiceWatcher.start(dir, debounce, onChange);
    LOG.info("watching {} for changes ({})", file, watcher.mechanism());
  }

  private DirectoryWatcher startInotify(Path dir, Runnable onChange) {
    try {
      return InotifyWatcher.start(dir, SETTLE, debounce, onChange);
    } catch (IOException | LinkageError e) {
      LOG.warn(
          "inotify unavailable ({}); watching {} with a WatchService instead, edits apply after"
              + " {} ms of quiet",
          e.toString(),
          dir,
          debounce.toMillis());
      return null;
    }
  }

  /** Makes {@link #start()} use the WatchService fallback (for tests of that path). */
  void withoutInotify() {
    inotify = false;
  }

  /** True while the watching thread runs. */
  boolean watching() {
    DirectoryWatcher w = watcher;
    return w != null && w.alive();
  }

  /** How the directory is watched ("inotify", "WatchService"), or null before {@link #start()}. */
  String watchMechanism() {
    DirectoryWatcher w = watcher;
    return w == null ? null : w.mechanism();
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

  @Override
  public void close() {
    DirectoryWatcher w = watcher;
    if (w != null) {
      w.close();
    }
  }
}
