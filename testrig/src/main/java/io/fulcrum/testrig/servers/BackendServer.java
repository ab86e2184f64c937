package io.fulcrum.testrig.servers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A small real backend for namespace tests, run as its own process ({@code ip netns exec <ns> java
 * -cp <testrig> io.fulcrum.testrig.servers.BackendServer <name> <httpPort> <udpPort> <echoPort>}).
 * Every server answers with its name so a test knows which backend answered:
 *
 * <ul>
 *   <li>HTTP/1.1 on httpPort: any request gets {@code 200} with the body {@code <name>\n}, then the
 *       connection closes;
 *   <li>UDP on udpPort: every datagram is answered with {@code <name>\n};
 *   <li>TCP echo on echoPort: sends {@code <name>\n} on connect, then echoes every byte back.
 * </ul>
 *
 * Listens on all addresses (IPv4 and IPv6) and prints {@code READY <name>} once listening. A port
 * of 0 turns that server off.
 */
public final class BackendServer {
  private BackendServer() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      System.err.println("usage: BackendServer <name> <httpPort> <udpPort> <echoPort>");
      System.exit(2);
    }
    String name = args[0];
    byte[] hello = (name + "\n").getBytes(StandardCharsets.UTF_8);
    ExecutorService pool = Executors.newCachedThreadPool();
    int http = Integer.parseInt(args[1]);
    int udp = Integer.parseInt(args[2]);
    int echo = Integer.parseInt(args[3]);
    if (http > 0) {
      ServerSocket s = listen(http);
      pool.submit(() -> acceptLoop(s, pool, c -> serveHttp(c, hello)));
    }
    if (echo > 0) {
      ServerSocket s = listen(echo);
      pool.submit(() -> acceptLoop(s, pool, c -> serveEcho(c, hello)));
    }
    if (udp > 0) {
      DatagramSocket d = new DatagramSocket(null);
      d.setReuseAddress(true);
      d.bind(new InetSocketAddress(udp));
      pool.submit(() -> serveUdp(d, hello));
    }
    PrintStream out = System.out;
    out.println("READY " + name);
    out.flush();
    Thread.currentThread().join();
  }

  private static ServerSocket listen(int port) throws IOException {
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    s.bind(new InetSocketAddress(port), 1024);
    return s;
  }

  interface Handler {
    void handle(Socket c) throws IOException;
  }

  private static Void acceptLoop(ServerSocket s, ExecutorService pool, Handler h) {
    while (true) {
      try {
        Socket c = s.accept();
        pool.submit(
            () -> {
              try (c) {
                h.handle(c);
              } catch (IOException e) {
                // the client went away
              }
              return null;
            });
      } catch (IOException e) {
        return null;
      }
    }
  }

  private static void serveHttp(Socket c, byte[] body) throws IOException {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.US_ASCII));
    String line = in.readLine();
    while (line != null && !line.isEmpty()) {
      line = in.readLine();
    }
    OutputStream out = c.getOutputStream();
    String head =
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: "
            + body.length
            + "\r\nConnection: close\r\n\r\n";
    out.write(head.getBytes(StandardCharsets.US_ASCII));
    out.write(body);
    out.flush();
  }

  private static void serveEcho(Socket c, byte[] hello) throws IOException {
    c.setTcpNoDelay(true);
    OutputStream out = c.getOutputStream();
    out.write(hello);
    out.flush();
    InputStream in = c.getInputStream();
    byte[] buf = new byte[65536];
    int n;
    while ((n = in.read(buf)) > 0) {
      out.write(buf, 0, n);
      out.flush();
    }
  }

  private static Void serveUdp(DatagramSocket d, byte[] hello) {
    byte[] buf = new byte[2048];
    while (true) {
      try {
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        d.receive(p);
        d.send(new DatagramPacket(hello, hello.length, p.getSocketAddress()));
      } catch (IOException e) {
        return null;
      }
    }
  }
}
