package io.fulcrum.agent.source;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code struct inotify_event} (inotify(7)): the watch it belongs to, what happened, the cookie
 * that pairs the two halves of a rename, and the name of the directory entry (empty for events
 * about the watched directory itself, such as {@code IN_IGNORED}, and for {@code IN_Q_OVERFLOW}).
 */
public record InotifyEvent(int wd, int mask, int cookie, String name) {
  public static final int IN_MODIFY = 0x00000002;
  public static final int IN_CLOSE_WRITE = 0x00000008;
  public static final int IN_MOVED_FROM = 0x00000040;
  public static final int IN_MOVED_TO = 0x00000080;
  public static final int IN_CREATE = 0x00000100;
  public static final int IN_DELETE = 0x00000200;
  public static final int IN_DELETE_SELF = 0x00000400;
  public static final int IN_MOVE_SELF = 0x00000800;
  public static final int IN_UNMOUNT = 0x00002000;
  public static final int IN_Q_OVERFLOW = 0x00004000;
  public static final int IN_IGNORED = 0x00008000;
  public static final int IN_ONLYDIR = 0x01000000;
  public static final int IN_ISDIR = 0x40000000;

  /** Size of the fixed part: wd, mask, cookie, len (four 32-bit fields). */
  public static final int HEADER = 16;

  /** The largest single event: header plus NAME_MAX (255) plus its terminating NUL. */
  public static final int MAX_EVENT = HEADER + 256;

  /** True if any of {@code bits} is set in this event's mask. */
  public boolean is(int bits) {
    return (mask & bits) != 0;
  }

  /**
   * Parses the events in {@code buf[0..length)} as read(2) returned them from an inotify fd. Fields
   * are in {@code order} (the kernel writes native order). The name is {@code len} bytes padded
   * with NULs; it is cut at the first NUL and decoded as UTF-8.
   *
   * @throws IllegalArgumentException if the buffer ends inside an event (the kernel never returns a
   *     partial event, so this means the caller passed the wrong length)
   */
  public static List<InotifyEvent> parse(byte[] buf, int length, ByteOrder order) {
    if (length < 0 || length > buf.length) {
      throw new IllegalArgumentException("length " + length + " outside buffer of " + buf.length);
    }
    ByteBuffer bb = ByteBuffer.wrap(buf, 0, length).order(order);
    List<InotifyEvent> out = new ArrayList<>();
    while (bb.hasRemaining()) {
      int at = bb.position();
      if (bb.remaining() < HEADER) {
        throw new IllegalArgumentException(
            "inotify buffer ends inside an event header at byte " + at + " of " + length);
      }
      int wd = bb.getInt();
      int mask = bb.getInt();
      int cookie = bb.getInt();
      int len = bb.getInt();
      if (len < 0 || len > bb.remaining()) {
        throw new IllegalArgumentException(
            "inotify event at byte "
                + at
                + " has a name of "
                + len
                + " bytes, only "
                + bb.remaining()
                + " left");
      }
      int start = bb.position();
      int end = start;
      while (end < start + len && buf[end] != 0) {
        end++;
      }
      String name = new String(buf, start, end - start, StandardCharsets.UTF_8);
      bb.position(start + len);
      out.add(new InotifyEvent(wd, mask, cookie, name));
    }
    return out;
  }
}
