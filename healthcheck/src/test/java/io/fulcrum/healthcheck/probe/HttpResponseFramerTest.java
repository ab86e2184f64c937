package io.fulcrum.healthcheck.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.healthcheck.probe.HttpResponseSamples.Sample;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table-driven: each sample stream (one or more responses, then possibly the end of the stream) has
 * one expected transcript of the framer's results, and gets it whole, split in two at every byte
 * boundary, and fed one byte at a time. {@link HttpResponseFramerNettyTest} checks the same samples
 * against Netty's decoder.
 */
class HttpResponseFramerTest {

  static Stream<Sample> cases() {
    return HttpResponseSamples.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void wholeInputGivesTheExpectedTranscript(Sample s) {
    byte[] in = bytes(s.input());
    assertThat(run(s, in, new int[] {in.length})).isEqualTo(s.expected());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void everySplitGivesTheSameTranscript(Sample s) {
    byte[] in = bytes(s.input());
    for (int i = 0; i <= in.length; i++) {
      assertThat(run(s, in, new int[] {i, in.length})).as("split at %d", i).isEqualTo(s.expected());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void byteByByteGivesTheSameTranscript(Sample s) {
    byte[] in = bytes(s.input());
    int[] cuts = new int[in.length];
    for (int i = 0; i < in.length; i++) {
      cuts[i] = i + 1;
    }
    assertThat(run(s, in, cuts)).isEqualTo(s.expected());
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Feeds {@code in} in pieces ending at {@code cuts} and writes down what the framer says. */
  static String run(Sample s, byte[] in, int[] cuts) {
    HttpResponseFramer f = new HttpResponseFramer(s.head());
    Transcript t = new Transcript();
    int start = 0;
    feed:
    for (int cut : cuts) {
      // each piece in an array of its own, at an offset, as a read buffer would hold it
      byte[] piece = new byte[cut - start + 3];
      System.arraycopy(in, start, piece, 3, cut - start);
      int p = 3;
      while (true) {
        int r = f.feed(piece, p, piece.length);
        p = f.position();
        if (r == HttpResponseFramer.MORE) {
          break;
        }
        t.add(r, f, piece);
        if (r == HttpResponseFramer.ERROR) {
          break feed;
        }
      }
      start = cut;
    }
    if (s.eof() && !t.failed) {
      t.body();
      t.parts.add("EOF " + name(f.eof(), f));
    }
    return t.toString();
  }

  private static String name(int r, HttpResponseFramer f) {
    switch (r) {
      case HttpResponseFramer.MORE:
        return "MORE";
      case HttpResponseFramer.END:
        return "END";
      case HttpResponseFramer.ERROR:
        return "ERROR " + f.error();
      default:
        return "?" + r;
    }
  }

  /** The results, with body pieces joined (how a body is cut into pieces does not matter). */
  static final class Transcript {
    final List<String> parts = new ArrayList<>();
    final StringBuilder body = new StringBuilder();
    boolean failed;

    void add(int r, HttpResponseFramer f, byte[] piece) {
      if (r == HttpResponseFramer.BODY) {
        body.append(new String(piece, f.bodyStart(), f.bodyLength(), StandardCharsets.ISO_8859_1));
        return;
      }
      body();
      if (r == HttpResponseFramer.DATA) {
        if (parts.isEmpty() || !parts.get(parts.size() - 1).equals("DATA")) {
          parts.add("DATA");
        }
        return;
      }
      if (r == HttpResponseFramer.HEAD) {
        parts.add("HEAD " + f.status() + (f.keepAlive() ? " keep" : " close"));
      } else {
        failed = r == HttpResponseFramer.ERROR;
        parts.add(name(r, f));
      }
    }

    void body() {
      if (body.length() > 0) {
        parts.add("body " + body);
        body.setLength(0);
      }
    }

    @Override
    public String toString() {
      body();
      return String.join("|", parts);
    }
  }
}
