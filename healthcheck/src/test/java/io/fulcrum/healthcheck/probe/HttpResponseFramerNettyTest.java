package io.fulcrum.healthcheck.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.healthcheck.probe.HttpResponseSamples.Sample;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The lean path judges responses as the Netty path does: every sample of {@link
 * HttpResponseSamples} gets the same transcript (reasons of errors aside) from Netty's decoder as
 * configured by {@link HttpConnection#decoder}.
 */
class HttpResponseFramerNettyTest {

  static Stream<Sample> cases() {
    return HttpResponseSamples.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void nettyDecoderAgrees(Sample s) {
    String expected = String.join("|", withoutReasons(s.expected()));
    assertThat(netty(s)).isEqualTo(expected);
  }

  private static List<String> withoutReasons(String transcript) {
    List<String> out = new ArrayList<>();
    for (String part : transcript.split("\\|")) {
      out.add(part.replaceAll("ERROR .*", "ERROR"));
    }
    return out;
  }

  static String nettyTranscript(Sample s) {
    return netty(s);
  }

  private static String netty(Sample s) {
    EmbeddedChannel ch = new EmbeddedChannel(HttpConnection.decoder(s.head()));
    List<String> parts = new ArrayList<>();
    StringBuilder body = new StringBuilder();
    ch.writeInbound(Unpooled.wrappedBuffer(HttpResponseFramerTest.bytes(s.input())));
    boolean failed = collect(ch, parts, body);
    if (s.eof() && !failed) {
      flush(parts, body);
      ch.finish();
      List<String> last = new ArrayList<>();
      collect(ch, last, body);
      flush(last, body);
      parts.add("EOF " + (last.isEmpty() ? "MORE" : String.join(" ", last)));
    } else {
      ch.finishAndReleaseAll();
    }
    flush(parts, body);
    return String.join("|", parts);
  }

  /** Reads the decoded objects; true at a decoder failure (later ones are not looked at). */
  private static boolean collect(EmbeddedChannel ch, List<String> parts, StringBuilder body) {
    Object m;
    while ((m = ch.readInbound()) != null) {
      try {
        if (m instanceof ByteBuf) {
          flush(parts, body);
          if (parts.isEmpty() || !parts.get(parts.size() - 1).equals("DATA")) {
            parts.add("DATA");
          }
          continue;
        }
        if (m instanceof HttpObject o && o.decoderResult().isFailure()) {
          flush(parts, body);
          parts.add("ERROR");
          return true;
        }
        if (m instanceof HttpResponse r) {
          flush(parts, body);
          parts.add("HEAD " + r.status().code() + (HttpUtil.isKeepAlive(r) ? " keep" : " close"));
        }
        if (m instanceof HttpContent c) {
          ByteBuf b = c.content();
          body.append(b.toString(StandardCharsets.ISO_8859_1));
          if (m instanceof LastHttpContent) {
            flush(parts, body);
            parts.add("END");
          }
        }
      } finally {
        ReferenceCountUtil.release(m);
      }
    }
    return false;
  }

  private static void flush(List<String> parts, StringBuilder body) {
    if (body.length() > 0) {
      parts.add("body " + body);
      body.setLength(0);
    }
  }
}
