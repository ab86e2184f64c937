package io.fulcrum.agent.source;

import static io.fulcrum.agent.source.InotifyEvent.IN_CLOSE_WRITE;
import static io.fulcrum.agent.source.InotifyEvent.IN_CREATE;
import static io.fulcrum.agent.source.InotifyEvent.IN_DELETE;
import static io.fulcrum.agent.source.InotifyEvent.IN_IGNORED;
import static io.fulcrum.agent.source.InotifyEvent.IN_ISDIR;
import static io.fulcrum.agent.source.InotifyEvent.IN_MODIFY;
import static io.fulcrum.agent.source.InotifyEvent.IN_MOVED_FROM;
import static io.fulcrum.agent.source.InotifyEvent.IN_MOVED_TO;
import static io.fulcrum.agent.source.InotifyEvent.IN_Q_OVERFLOW;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * When to re-read the config file, decided from the inotify events of its directory (pure: times
 * are nanos the caller passes in; not thread-safe, one watcher thread owns it).
 *
 * <ul>
 *   <li>A writer is done: {@code IN_CLOSE_WRITE} (a writer closed an entry) or {@code IN_MOVED_TO}
 *       (an entry renamed into place: an editor's save, a ConfigMap's {@code ..data} symlink swap).
 *       The file is re-read after a short <em>settle</em> of quiet that coalesces a burst (several
 *       entries closed, a rename and the deletion of an old version), and at the latest one
 *       debounce after the first such event, so a steady trickle of closes cannot postpone it
 *       forever.
 *   <li>A writer may still be writing: {@code IN_CREATE} or {@code IN_MODIFY} of an entry with no
 *       {@code IN_CLOSE_WRITE} of it yet. Nothing is read until every such entry was closed,
 *       renamed, deleted, or has been quiet for the whole debounce (the fallback for writers that
 *       keep a file open, such as an editor's swap file). Every entry counts, not only the config
 *       file's name, because which entries the file resolves through (symlinks) is not known here;
 *       an unrelated busy writer in the same directory can only delay a reload, never cause a read
 *       of a half-written file.
 *   <li>Only {@code IN_DELETE} / {@code IN_MOVED_FROM} (an entry went away, nothing arrived yet):
 *       re-read after the debounce of quiet, as before inotify.
 *   <li>{@code IN_Q_OVERFLOW} (events were lost) or {@code IN_IGNORED} (the watch is gone): nothing
 *       is known about writers any more: re-read after the debounce of quiet.
 * </ul>
 *
 * A directory created inside the watched one ({@code IN_ISDIR}, e.g. a ConfigMap's timestamped
 * directory) is never a writer: no close will ever come for it.
 */
public final class ReloadSchedule {
  /** {@link #deadline()} when nothing is pending. */
  public static final long NONE = Long.MAX_VALUE;

  private final long settleNanos;
  private final long debounceNanos;

  private boolean dirty;
  private boolean done;
  private boolean lost;
  private long firstDone;
  private long lastEvent;

  /** Entries being written (created or modified, not yet closed): name to the time of its event. */
  private final Map<String, Long> writers = new HashMap<>();

  public ReloadSchedule(Duration settle, Duration debounce) {
    if (settle.isNegative() || debounce.isNegative()) {
      throw new IllegalArgumentException("settle and debounce must not be negative");
    }
    this.debounceNanos = debounce.toNanos();
    this.settleNanos = Math.min(settle.toNanos(), debounceNanos);
  }

  /** Takes one event that happened (was read) at {@code nowNanos}. */
  public void onEvent(InotifyEvent e, long nowNanos) {
    dirty = true;
    lastEvent = nowNanos;
    if (e.is(IN_Q_OVERFLOW | IN_IGNORED)) {
      lost = true;
      writers.clear();
      return;
    }
    String name = e.name();
    if (e.is(IN_CLOSE_WRITE | IN_MOVED_TO)) {
      writers.remove(name);
      if (!done) {
        done = true;
        firstDone = nowNanos;
      }
    } else if (e.is(IN_MOVED_FROM | IN_DELETE)) {
      writers.remove(name);
    } else if (e.is(IN_CREATE | IN_MODIFY) && !e.is(IN_ISDIR)) {
      writers.put(name, nowNanos);
    }
  }

  /** Marks that something may have changed without an event (e.g. a watch was re-established). */
  public void onUnknownChange(long nowNanos) {
    onEvent(new InotifyEvent(-1, IN_Q_OVERFLOW, 0, ""), nowNanos);
  }

  /** True if a reload is pending. */
  public boolean pending() {
    return dirty;
  }

  /**
   * When the file should be re-read, in the caller's nanos; {@link #NONE} if nothing is pending.
   */
  public long deadline() {
    if (!dirty) {
      return NONE;
    }
    if (lost) {
      return lastEvent + debounceNanos;
    }
    long writersQuiet = Long.MIN_VALUE;
    for (long at : writers.values()) {
      writersQuiet = Math.max(writersQuiet, at + debounceNanos);
    }
    long base =
        done
            ? Math.min(lastEvent + settleNanos, firstDone + debounceNanos)
            : lastEvent + debounceNanos;
    return Math.max(base, writersQuiet);
  }

  /** True if the file should be re-read at {@code nowNanos}. */
  public boolean due(long nowNanos) {
    return dirty && nowNanos - deadline() >= 0;
  }

  /**
   * The caller is about to re-read the file: everything seen so far is handled. Writers still
   * listed have been quiet for the debounce (otherwise the reload would not be due) and are
   * forgotten; a later event of theirs makes them writers again.
   */
  public void reloading() {
    dirty = false;
    done = false;
    lost = false;
    writers.clear();
  }
}
