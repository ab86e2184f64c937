package io.fulcrum.healthcheck.probe;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.DecoderException;
import java.net.PortUnreachableException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/** Turns I/O exceptions into the short reasons shown in events and logs (pure). */
public final class Failures {
  private Failures() {}

  public static String reason(Throwable t) {
    Throwable c = t;
    while (c instanceof DecoderException && c.getCause() != null) {
      c = c.getCause();
    }
    if (c instanceof SSLException) {
      return "tls: " + shorten(rootMessage(c));
    }
    if (c instanceof ConnectTimeoutException) {
      return "timeout";
    }
    if (c instanceof PortUnreachableException) {
      return "port unreachable";
    }
    if (c instanceof UnknownHostException) {
      return "unresolvable: " + c.getMessage();
    }
    if (c instanceof ClosedChannelException) {
      return "closed";
    }
    String m = String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT);
    if (m.contains("refused")) {
      return "refused";
    }
    if (m.contains("no route")) {
      return "no route to host";
    }
    if (m.contains("network is unreachable") || m.contains("network unreachable")) {
      return "network unreachable";
    }
    if (m.contains("reset")) {
      return "reset";
    }
    if (m.contains("timed out")) {
      return "timeout";
    }
    return shorten(c.getClass().getSimpleName() + ": " + c.getMessage());
  }

  private static String rootMessage(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
  }

  private static String shorten(String s) {
    return s.length() <= 160 ? s : s.substring(0, 157) + "...";
  }
}
