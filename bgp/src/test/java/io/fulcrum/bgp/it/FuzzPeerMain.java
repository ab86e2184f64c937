package io.fulcrum.bgp.it;

import io.fulcrum.bgp.codec.Afi;
import io.fulcrum.bgp.codec.BgpDecoder;
import io.fulcrum.bgp.codec.BgpEncoder;
import io.fulcrum.bgp.codec.BgpMessage;
import io.fulcrum.bgp.codec.BgpProtocolException;
import io.fulcrum.bgp.codec.Capability;
import io.fulcrum.bgp.codec.IpPrefix;
import io.fulcrum.bgp.codec.PathAttributes;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A hostile BGP peer run in a test namespace: it establishes sessions with the speaker and sends
 * mutated messages, one per round, checking each answer against the pure decoder's verdict (the
 * decoder itself is checked against the RFC by unit tests). Prints one "FUZZ ..." summary line and
 * "MISMATCH ..." lines. Arguments: TARGET PORT BIND_ADDRESS LOCAL_AS PEER_AS ROUNDS SEED.
 */
public final class FuzzPeerMain {
  private final InetAddress target;
  private final int port;
  private final InetAddress bind;
  private final long localAs;
  private final long peerAs;
  private final Random random;
  private final Mutator mutator;
  private Socket socket;
  private DataInputStream in;
  private OutputStream out;
  private int notified;
  private int ignored;
  private int closed;
  private int sessions;
  private final List<String> mismatches = new ArrayList<>();

  private FuzzPeerMain(String[] a) throws IOException {
    target = InetAddress.getByName(a[0]);
    port = Integer.parseInt(a[1]);
    bind = InetAddress.getByName(a[2]);
    localAs = Long.parseLong(a[3]);
    peerAs = Long.parseLong(a[4]);
    random = new Random(Long.parseLong(a[6]));
    mutator = new Mutator(random, localAs, bind);
  }

  public static void main(String[] args) throws Exception {
    FuzzPeerMain f = new FuzzPeerMain(args);
    int rounds = Integer.parseInt(args[5]);
    long t0 = System.nanoTime();
    for (int i = 0; i < rounds; i++) {
      f.round(i);
    }
    System.out.println(
        "FUZZ rounds="
            + rounds
            + " notified="
            + f.notified
            + " ignored="
            + f.ignored
            + " closed="
            + f.closed
            + " sessions="
            + f.sessions
            + " mismatches="
            + f.mismatches.size()
            + " ms="
            + (System.nanoTime() - t0) / 1_000_000);
    f.mismatches.stream().limit(30).forEach(m -> System.out.println("MISMATCH " + m));
    System.exit(0);
  }

  /** What the speaker must do with a message, per the decoder and RFC 4271 8. */
  private record Expect(int code, int subcode, boolean close, boolean exact) {
    static final Expect ALIVE = new Expect(0, 0, false, true);
    static final Expect CLOSE = new Expect(0, 0, true, true);
    static final Expect ANY_NOTIFICATION = new Expect(-1, -1, false, false);
  }

  private void round(int i) throws Exception {
    boolean openPhase = socket == null && random.nextInt(6) == 0;
    if (socket == null) {
      connect();
      BgpMessage theirs = read(2000);
      if (!(theirs instanceof BgpMessage.Open)) {
        mismatches.add(i + ": speaker did not open with OPEN: " + theirs);
        drop();
        return;
      }
      if (!openPhase) {
        send(BgpEncoder.encode(ourOpen(), false));
        if (!(read(2000) instanceof BgpMessage.Keepalive)) {
          mismatches.add(i + ": no KEEPALIVE after our OPEN");
          drop();
          return;
        }
        send(BgpEncoder.encode(new BgpMessage.Keepalive(), true));
        sessions++;
        awaitEndOfRib(i);
      }
    }
    byte[] msg =
        openPhase
            ? mutator.mutate(BgpEncoder.encode(ourOpen(), false))
            : mutator.mutate(mutator.baseMessage());
    Expect expect = openPhase ? expectInOpenSent(msg) : expectInEstablished(msg);
    send(msg);
    int lengthField = msg.length >= 18 ? ((msg[16] & 0xff) << 8 | (msg[17] & 0xff)) : 0;
    if (lengthField > msg.length && lengthField <= 4096) {
      // the speaker will wait for the rest of a message whose length we inflated: feed it zeros
      send(new byte[lengthField - msg.length + 19]);
    }
    if (openPhase) {
      check(i, msg, expect, readOpenPhaseAnswer());
    } else {
      send(BgpEncoder.encode(new BgpMessage.RouteRefresh(Afi.IPV4, 0, 1), true));
      check(i, msg, expect, readAnswer());
    }
  }

  private void check(int i, byte[] msg, Expect expect, Object answer) {
    String hex = hex(msg);
    if (answer instanceof BgpMessage.Notification n) {
      notified++;
      drop();
      boolean known = known(n.code(), n.subcode());
      if (!known) {
        mismatches.add(i + ": unknown NOTIFICATION " + n + " for " + hex);
      } else if (expect.exact() && (expect.close() || expect.code() == 0)) {
        mismatches.add(i + ": got " + n + " but expected " + expect + " for " + hex);
      } else if (expect.exact() && (n.code() != expect.code() || n.subcode() != expect.subcode())) {
        mismatches.add(i + ": got " + n + " but expected " + expect + " for " + hex);
      }
    } else if ("CLOSED".equals(answer)) {
      closed++;
      drop();
      if (!expect.close()) {
        mismatches.add(i + ": connection closed without NOTIFICATION for " + hex);
      }
    } else if ("ALIVE".equals(answer)) {
      ignored++;
      if (!(expect == Expect.ALIVE)) {
        mismatches.add(i + ": session alive but expected " + expect + " for " + hex);
      }
    } else {
      mismatches.add(i + ": no answer (" + answer + ") for " + hex);
      drop();
    }
  }

  private Expect expectInEstablished(byte[] msg) {
    if (!lengthConsistent(msg)) {
      return Expect.ANY_NOTIFICATION;
    }
    try {
      BgpMessage m = BgpDecoder.decode(msg, new BgpDecoder.Context(true, false));
      if (m instanceof BgpMessage.Open) {
        return new Expect(5, 3, false, true);
      }
      if (m instanceof BgpMessage.Notification) {
        return Expect.CLOSE;
      }
      if (m instanceof BgpMessage.Update u) {
        boolean routes = !u.nlri().isEmpty() || u.attributes().mpReach() != null;
        List<PathAttributes.AsPathSegment> path = u.attributes().asPath();
        long first = path == null || path.isEmpty() ? -1 : path.get(0).asns().get(0);
        if (routes && first != localAs) {
          return new Expect(3, 11, false, true);
        }
      }
      return Expect.ALIVE;
    } catch (BgpProtocolException e) {
      return new Expect(e.code(), e.subcode(), false, true);
    } catch (RuntimeException e) {
      mismatches.add("decoder crashed: " + e + " on " + hex(msg));
      return Expect.ANY_NOTIFICATION;
    }
  }

  private Expect expectInOpenSent(byte[] msg) {
    if (!lengthConsistent(msg)) {
      return Expect.ANY_NOTIFICATION;
    }
    try {
      BgpMessage m = BgpDecoder.decode(msg, BgpDecoder.Context.INITIAL);
      if (m instanceof BgpMessage.Notification) {
        return Expect.CLOSE;
      }
      if (!(m instanceof BgpMessage.Open o)) {
        return new Expect(5, 1, false, true);
      }
      if (o.effectiveAs() != localAs) {
        return new Expect(2, 2, false, true);
      }
      return Expect.ALIVE;
    } catch (BgpProtocolException e) {
      return new Expect(e.code(), e.subcode(), false, true);
    } catch (RuntimeException e) {
      mismatches.add("decoder crashed: " + e + " on " + hex(msg));
      return Expect.ANY_NOTIFICATION;
    }
  }

  private static boolean lengthConsistent(byte[] msg) {
    return msg.length >= 19 && ((msg[16] & 0xff) << 8 | (msg[17] & 0xff)) == msg.length;
  }

  private static boolean known(int code, int sub) {
    return switch (code) {
      case 1 -> sub >= 1 && sub <= 3;
      case 2 -> sub >= 0 && sub <= 7 && sub != 5;
      case 3 -> sub >= 1 && sub <= 11 && sub != 7;
      case 4 -> sub == 0;
      case 5 -> sub >= 0 && sub <= 3;
      case 6 -> sub >= 1 && sub <= 8;
      case 7 -> sub == 1;
      default -> false;
    };
  }

  /** After a mutated OPEN: KEEPALIVE (accepted), NOTIFICATION, or close. */
  private Object readOpenPhaseAnswer() throws IOException {
    Object a = readWithPadding();
    if (a instanceof BgpMessage.Keepalive) {
      sessions++;
      drop(); // a fresh session next round: the mutated OPEN may have changed its families
      return "ALIVE";
    }
    return a;
  }

  /** After a mutated message and a ROUTE-REFRESH probe: our route again (alive), NOTIFICATION... */
  private Object readAnswer() throws IOException {
    while (true) {
      Object a = readWithPadding();
      if (a instanceof BgpMessage.Update u && !u.isEndOfRib()) {
        drainExtraAnswers();
        return "ALIVE";
      }
      if (a instanceof BgpMessage.Update || a instanceof BgpMessage.Keepalive) {
        continue;
      }
      return a;
    }
  }

  /** A mutated message that was itself a valid ROUTE-REFRESH earns a second answer: skip it. */
  private void drainExtraAnswers() throws IOException {
    sleep(1);
    while (in.available() > 0) {
      read(1000);
    }
  }

  private Object readWithPadding() throws IOException {
    try {
      return read(500);
    } catch (SocketTimeoutException e) {
      // the speaker waits for the rest of a message whose length we inflated: feed it zeros
      send(new byte[4096]);
      try {
        return read(2000);
      } catch (SocketTimeoutException again) {
        return "TIMEOUT";
      }
    } catch (EOFException | java.net.SocketException e) {
      return "CLOSED";
    }
  }

  private void awaitEndOfRib(int i) throws IOException {
    for (int n = 0; n < 10; n++) {
      BgpMessage m = read(2000);
      if (m instanceof BgpMessage.Update u && u.isEndOfRib() && u.attributes().isEmpty()) {
        return;
      }
    }
    mismatches.add(i + ": no IPv4 End-of-RIB after Established");
  }

  private BgpMessage.Open ourOpen() {
    return new BgpMessage.Open(
        4,
        localAs > 0xffff ? BgpEncoder.AS_TRANS : (int) localAs,
        90,
        0xc612ff01L,
        List.of(
            new Capability.Multiprotocol(Afi.IPV4, 1),
            new Capability.Multiprotocol(Afi.IPV6, 1),
            new Capability.RouteRefresh(),
            new Capability.FourOctetAs(localAs)));
  }

  private void connect() throws IOException {
    for (int attempt = 0; ; attempt++) {
      try {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(bind, 0));
        s.connect(new InetSocketAddress(target, port), 2000);
        s.setTcpNoDelay(true);
        socket = s;
        in = new DataInputStream(s.getInputStream());
        out = s.getOutputStream();
        return;
      } catch (IOException e) {
        if (attempt > 50) {
          throw e;
        }
        sleep(20);
      }
    }
  }

  private void drop() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException e) {
        // gone already
      }
    }
    socket = null;
  }

  private void send(byte[] b) throws IOException {
    try {
      out.write(b);
      out.flush();
    } catch (IOException e) {
      // the speaker may have closed already; the read reports it
    }
  }

  private BgpMessage read(int timeoutMs) throws IOException {
    socket.setSoTimeout(timeoutMs);
    InputStream s = in;
    byte[] header = new byte[19];
    in.readFully(header);
    int len = (header[16] & 0xff) << 8 | (header[17] & 0xff);
    byte[] msg = new byte[Math.max(19, len)];
    System.arraycopy(header, 0, msg, 0, 19);
    new DataInputStream(s).readFully(msg, 19, msg.length - 19);
    try {
      return BgpDecoder.decode(msg, new BgpDecoder.Context(true, false));
    } catch (BgpProtocolException e) {
      throw new IOException("speaker sent an undecodable message: " + e.getMessage());
    }
  }

  private static String hex(byte[] b) {
    StringBuilder sb = new StringBuilder();
    for (int i = 16; i < b.length && i < 200; i++) {
      sb.append(String.format("%02x", b[i]));
    }
    return sb.toString();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Valid messages and ways to break them. */
  static final class Mutator {
    private final Random random;
    private final long as;
    private final InetAddress self;

    Mutator(Random random, long as, InetAddress self) {
      this.random = random;
      this.as = as;
      this.self = self;
    }

    byte[] baseMessage() {
      PathAttributes.Builder a =
          PathAttributes.builder()
              .origin(PathAttributes.Origin.IGP)
              .asPath(List.of(PathAttributes.AsPathSegment.sequence(as, 65010L)))
              .med((long) random.nextInt(1000))
              .communities(List.of(0xfde80064L))
              .largeCommunities(List.of(new PathAttributes.LargeCommunity(as, 1, 2)));
      IpPrefix p4 = IpPrefix.parse("198.19." + random.nextInt(256) + ".0/24");
      IpPrefix p6 =
          IpPrefix.parse("2001:db8:" + Integer.toHexString(random.nextInt(65536)) + "::/48");
      BgpMessage m =
          switch (random.nextInt(7)) {
            case 0, 1 -> new BgpMessage.Update(List.of(), a.nextHop(self).build(), List.of(p4));
            case 2 -> {
              try {
                a.mpReach(
                    new PathAttributes.MpReach(
                        Afi.IPV6,
                        1,
                        List.of(InetAddress.getByName("2001:db8:1::64")),
                        List.of(p6)));
              } catch (java.net.UnknownHostException e) {
                throw new IllegalStateException(e);
              }
              yield new BgpMessage.Update(List.of(), a.build(), List.of());
            }
            case 3 -> new BgpMessage.Update(List.of(p4), PathAttributes.EMPTY, List.of());
            case 4 -> new BgpMessage.Keepalive();
            case 5 -> new BgpMessage.RouteRefresh(Afi.IPV6, 0, 1);
            default -> new BgpMessage.Update(List.of(), a.nextHop(self).build(), List.of(p4));
          };
      return BgpEncoder.encode(m, true);
    }

    byte[] mutate(byte[] msg) {
      byte[] b = msg.clone();
      switch (random.nextInt(9)) {
        case 0 -> { // flip bits in the body
          for (int n = 1 + random.nextInt(3); n > 0 && b.length > 19; n--) {
            int i = 19 + random.nextInt(b.length - 19);
            b[i] ^= (byte) (1 << random.nextInt(8));
          }
        }
        case 1 -> { // random byte anywhere after the marker
          int i = 16 + random.nextInt(b.length - 16);
          b[i] = (byte) random.nextInt(256);
        }
        case 2 -> { // truncate, length fixed
          int cut = 19 + random.nextInt(Math.max(1, b.length - 19));
          b = fixLength(java.util.Arrays.copyOf(b, cut));
        }
        case 3 -> { // append garbage, length fixed
          byte[] extra = new byte[1 + random.nextInt(40)];
          random.nextBytes(extra);
          byte[] c = java.util.Arrays.copyOf(b, b.length + extra.length);
          System.arraycopy(extra, 0, c, b.length, extra.length);
          b = fixLength(c);
        }
        case 4 -> { // a random type
          b[18] = (byte) random.nextInt(8);
        }
        case 5 -> { // random length field
          int len = random.nextInt(4200);
          b[16] = (byte) (len >>> 8);
          b[17] = (byte) len;
        }
        case 6 -> { // marker corruption
          b[random.nextInt(16)] = (byte) random.nextInt(255);
        }
        case 7 -> { // a random body of a valid type
          byte[] body = new byte[random.nextInt(60)];
          random.nextBytes(body);
          byte[] c = new byte[19 + body.length];
          System.arraycopy(b, 0, c, 0, 19);
          System.arraycopy(body, 0, c, 19, body.length);
          b = fixLength(c);
        }
        default -> { // attribute-level damage: a random byte in the attribute area
          if (b.length > 24) {
            int i = 23 + random.nextInt(b.length - 23);
            b[i] = (byte) random.nextInt(256);
          }
        }
      }
      return b;
    }

    private static byte[] fixLength(byte[] b) {
      b[16] = (byte) (b.length >>> 8);
      b[17] = (byte) b.length;
      return b;
    }
  }
}
