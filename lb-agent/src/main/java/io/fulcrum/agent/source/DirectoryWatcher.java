package io.fulcrum.agent.source;

/**
 * A running watch of the config file's directory that re-reads the file when it may have changed.
 */
interface DirectoryWatcher extends AutoCloseable {
  /** How the directory is watched, for logs and tests ("inotify" or "WatchService"). */
  String mechanism();

  /** True while the watching thread runs. */
  boolean alive();

  /** Stops watching; returns once the watching thread has stopped (or is about to). */
  @Override
  void close();
}
