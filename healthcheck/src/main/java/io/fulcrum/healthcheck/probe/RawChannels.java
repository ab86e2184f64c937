package io.fulcrum.healthcheck.probe;

import io.fulcrum.healthcheck.raw.RawSocket;
import java.io.IOException;
import java.util.concurrent.ThreadFactory;
import java.util.function.LongSupplier;

/**
 * The raw sockets (IPv4 and IPv6) of one protocol, opened on first use. A socket that cannot be
 * opened (e.g. no CAP_NET_RAW) fails the probes that need it with the reason, and is retried at
 * most every 30 s; the engine itself keeps running.
 */
final class RawChannels implements AutoCloseable {
  private static final long RETRY_NANOS = 30_000_000_000L;

  /** Receives packets of one family. */
  interface FamilyReceiver {
    void onPacket(boolean ipv4, byte[] packet, int length, java.net.InetAddress from);
  }

  private final int protoV4;
  private final int protoV6;
  private final ThreadFactory threads;
  private final FamilyReceiver receiver;
  private final LongSupplier clock;
  private final RawSocket[] sockets = new RawSocket[2];
  private final String[] errors = new String[2];
  private final long[] failedAt = new long[2];
  private boolean closed;

  RawChannels(
      int protoV4, int protoV6, ThreadFactory threads, LongSupplier clock, FamilyReceiver r) {
    this.protoV4 = protoV4;
    this.protoV6 = protoV6;
    this.threads = threads;
    this.clock = clock;
    this.receiver = r;
  }

  /** The socket for the family, opening it if needed. */
  synchronized RawSocket get(boolean ipv4) throws IOException {
    int i = ipv4 ? 0 : 1;
    if (closed) {
      throw new IOException("engine closed");
    }
    if (sockets[i] != null) {
      return sockets[i];
    }
    long now = clock.getAsLong();
    if (errors[i] != null && now - failedAt[i] < RETRY_NANOS) {
      throw new IOException(errors[i]);
    }
    try {
      sockets[i] =
          RawSocket.open(
              ipv4,
              ipv4 ? protoV4 : protoV6,
              threads,
              (packet, length, from) -> receiver.onPacket(ipv4, packet, length, from));
      errors[i] = null;
      return sockets[i];
    } catch (IOException e) {
      errors[i] = e.getMessage();
      failedAt[i] = now;
      throw e;
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    for (RawSocket s : sockets) {
      if (s != null) {
        s.close();
      }
    }
  }
}
