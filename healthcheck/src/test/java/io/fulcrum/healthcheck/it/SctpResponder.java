package io.fulcrum.healthcheck.it;

import io.fulcrum.healthcheck.raw.LibC;
import io.fulcrum.healthcheck.raw.RawSocket;
import io.fulcrum.healthcheck.raw.SctpCodec;
import java.io.IOException;
import java.net.InetAddress;
import java.util.concurrent.ThreadFactory;

/**
 * The test's own SCTP server: a raw socket in the server namespace (whose kernel has no SCTP) that
 * answers an INIT to its port with an INIT-ACK while open, or with an ABORT while refusing. Closing
 * it makes the port silent.
 */
public final class SctpResponder implements AutoCloseable {
  /** How INITs are answered. */
  public enum Mode {
    ACCEPT,
    ABORT
  }

  private final int port;
  private final RawSocket v4;
  private final RawSocket v6;
  public volatile Mode mode = Mode.ACCEPT;
  public volatile int inits;

  public SctpResponder(int port, ThreadFactory serverThreads) throws IOException {
    this.port = port;
    this.v4 =
        RawSocket.open(true, LibC.IPPROTO_SCTP, serverThreads, (p, n, f) -> on(true, p, n, f));
    this.v6 =
        RawSocket.open(false, LibC.IPPROTO_SCTP, serverThreads, (p, n, f) -> on(false, p, n, f));
  }

  private void on(boolean ipv4, byte[] packet, int length, InetAddress from) {
    SctpCodec.Packet p = SctpCodec.parse(ipv4, packet, length);
    if (p == null || p.dstPort() != port || p.chunkType() != SctpCodec.CHUNK_INIT) {
      return;
    }
    inits++;
    byte[] answer =
        mode == Mode.ACCEPT
            ? SctpCodec.initAck(port, p.srcPort(), p.initiateTag(), 0x5ca1ab1eL, new byte[16])
            : SctpCodec.abort(port, p.srcPort(), p.initiateTag());
    try {
      (ipv4 ? v4 : v6).send(answer, from);
    } catch (IOException e) {
      // the prober times out
    }
  }

  @Override
  public void close() {
    v4.close();
    v6.close();
  }
}
