package io.fulcrum.datapath.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Streams a known byte pattern through a TCP echo connection and checks every byte that comes back,
 * recording the longest pause between reads.
 */
final class Streamer {
  record Result(long sent, long received, long maxGapMs, String error) {}

  private final Socket socket;
  private final AtomicBoolean stop = new AtomicBoolean();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong maxGapNs = new AtomicLong();
  private final AtomicReference<String> error = new AtomicReference<>();
  private Thread writer;
  private Thread reader;

  Streamer(Socket socket) {
    this.socket = socket;
  }

  static byte at(long i) {
    return (byte) (i * 31 + (i >>> 8));
  }

  void start() throws IOException {
    InputStream in = socket.getInputStream();
    // skip the greeting line
    int c;
    while ((c = in.read()) != '\n') {
      if (c < 0) {
        throw new IOException("echo server closed");
      }
    }
    OutputStream out = socket.getOutputStream();
    writer =
        new Thread(
            () -> {
              byte[] buf = new byte[1024];
              try {
                while (!stop.get()) {
                  long base = sent.get();
                  for (int i = 0; i < buf.length; i++) {
                    buf[i] = at(base + i);
                  }
                  out.write(buf);
                  sent.addAndGet(buf.length);
                  Thread.sleep(1);
                }
              } catch (IOException | InterruptedException e) {
                error.compareAndSet(null, "write: " + e);
              }
            });
    reader =
        new Thread(
            () -> {
              byte[] buf = new byte[65536];
              long last = System.nanoTime();
              try {
                while (true) {
                  int n = in.read(buf);
                  if (n < 0) {
                    error.compareAndSet(null, "stream closed after " + received.get());
                    return;
                  }
                  long now = System.nanoTime();
                  maxGapNs.accumulateAndGet(now - last, Math::max);
                  last = now;
                  long base = received.get();
                  for (int i = 0; i < n; i++) {
                    if (buf[i] != at(base + i)) {
                      error.compareAndSet(null, "byte " + (base + i) + " differs");
                      return;
                    }
                  }
                  received.addAndGet(n);
                  if (stop.get() && received.get() == sent.get()) {
                    return;
                  }
                }
              } catch (IOException e) {
                if (!(stop.get() && received.get() == sent.get())) {
                  error.compareAndSet(null, "read: " + e);
                }
              }
            });
    writer.start();
    reader.start();
  }

  Result finish() throws Exception {
    stop.set(true);
    writer.join(5000);
    long deadline = System.currentTimeMillis() + 5000;
    while (received.get() < sent.get() && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
    }
    socket.close();
    reader.join(5000);
    return new Result(sent.get(), received.get(), maxGapNs.get() / 1_000_000, error.get());
  }
}
