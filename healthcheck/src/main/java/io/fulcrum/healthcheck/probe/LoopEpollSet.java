package io.fulcrum.healthcheck.probe;

import io.fulcrum.healthcheck.raw.LibC;
import io.netty.channel.EventLoop;
import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.epoll.Native;
import io.netty.channel.unix.FileDescriptor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * Probe sockets of one event loop in an epoll set of their own that is itself one handle of the
 * loop's epoll (Netty's {@code IoHandle} API). A socket joins with one {@code epoll_ctl} and leaves
 * by being closed (the kernel drops a closed file from every epoll set), where a registration of
 * its own with the loop would cost an ADD, a DEL and a promise. When the loop sees the set
 * readable, one {@code epoll_wait} (no timeout) collects every ready socket at once and hands each
 * its events. Confined to its loop. Subclasses ({@link ConnectPoller}, {@link EpollHttpPoller})
 * decide what may happen while a batch is handed out, through the hooks.
 */
abstract class LoopEpollSet implements EpollIoHandle {
  /** A socket of the set. */
  interface Member {
    /** Its epoll events ({@code EPOLLOUT}, {@code EPOLLERR}, ...). */
    void ready(int ops);

    /** The loop shuts down with the socket still in the set: close it. */
    void abandon();
  }

  static final int BATCH = 256;

  private final FileDescriptor epoll;

  /** Members by descriptor number (small, dense numbers: an array, not a map). */
  private Member[] members = new Member[1024];

  private final Pointer events;
  private final int eventSize = Native.sizeofEpollEvent();
  private final int dataOffset = Native.offsetofEpollData();
  private final LibC libc = LibC.get();
  private boolean dispatching;
  private boolean closed;

  LoopEpollSet(EventLoop loop) {
    this.epoll = Native.newEpollCreate();
    this.events = Memory.allocateDirect(Runtime.getRuntime(libc), BATCH * eventSize);
    ((IoEventLoop) loop)
        .register(this)
        .addListener(
            f -> {
              if (f.isSuccess()) {
                ((IoRegistration) f.getNow()).submit(EpollIoOps.EPOLLIN);
              }
            });
  }

  /** Adds {@code m}'s socket with the given epoll interest. */
  final void add(int fd, Member m, int interest) throws IOException {
    if (closed) {
      throw new IOException("event loop shut down");
    }
    if (fd >= members.length) {
      members = Arrays.copyOf(members, Math.max(fd + 1, members.length * 2));
    }
    Native.epollCtlAdd(epoll.intValue(), fd, interest);
    members[fd] = m;
  }

  /** Forgets {@code fd}: call just before closing it (the close takes it out of the set). */
  final void remove(int fd, Member m) {
    if (fd >= 0 && fd < members.length && members[fd] == m) {
      members[fd] = null;
    }
  }

  final boolean dispatching() {
    return dispatching;
  }

  final boolean isClosed() {
    return closed;
  }

  /** Before each batch is handed out. */
  void beforeBatch() {}

  /** True to stop handing out the rest of the batch (it is collected again if still ready). */
  boolean stopBatch() {
    return false;
  }

  /** After each batch. */
  void afterBatch() {}

  /** True to collect once more although the last batch was not full. */
  boolean collectAgain() {
    return false;
  }

  @Override
  public final FileDescriptor fd() {
    return epoll;
  }

  @Override
  public final void handle(IoRegistration reg, IoEvent event) {
    int n;
    do {
      n = libc.epoll_wait(epoll.intValue(), events, BATCH, 0);
      beforeBatch();
      dispatching = true;
      try {
        for (int i = 0; i < n && !stopBatch(); i++) {
          int base = i * eventSize;
          int fd = events.getInt(base + dataOffset);
          Member m = fd >= 0 && fd < members.length ? members[fd] : null;
          if (m != null) {
            m.ready(events.getInt(base));
          }
        }
      } finally {
        dispatching = false;
      }
      afterBatch();
    } while (n == BATCH || collectAgain());
  }

  @Override
  public final void close() {
    // the loop shuts down: close every socket still in the set, then the set
    closed = true;
    List<Member> left = new ArrayList<>();
    for (int i = 0; i < members.length; i++) {
      if (members[i] != null) {
        left.add(members[i]);
        members[i] = null;
      }
    }
    left.forEach(Member::abandon);
    try {
      epoll.close();
    } catch (IOException e) {
      // nothing to do: the descriptor is gone either way
    }
  }
}
