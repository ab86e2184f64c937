package io.fulcrum.healthcheck.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.healthcheck.probe.HttpResponseSamples.Sample;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Differential: random mutations of the samples (bytes replaced, inserted, deleted; header, status
 * and chunk snippets inserted) get the same transcript from the framer as from Netty's decoder
 * (reasons of errors aside). Fixed seed; {@code -Dfuzz.seed}, {@code -Dfuzz.n} and {@code
 * -Dfuzz.edits} (through the test JVM's argLine) explore further.
 */
class HttpResponseFramerFuzzTest {
  private static final byte[] ALPHABET =
      " \t\r\n:;,=\"\\0123456789aAfFzZ-+/.HTP\u0001\u007f\u0080\u00ff"
          .getBytes(StandardCharsets.ISO_8859_1);

  private static final String[] SNIPPETS = {
    "\r\n",
    "Transfer-Encoding: chunked\r\n",
    "Content-Length: 3\r\n",
    "Connection: close\r\n",
    "Connection: keep-alive\r\n",
    "HTTP/1.0 ",
    "HTTP/1.1 ",
    "101 ",
    "204 ",
    "304 ",
    "100 ",
    "Upgrade: websocket\r\n",
    "Upgrade: HTTP/1.1\r\n",
    "Sec-WebSocket-Origin: o\r\n",
    "Sec-WebSocket-Location: l\r\n",
    "Sec-WebSocket-Accept: a\r\n",
    "0\r\n\r\n",
    ";a=\"b\"",
    " x",
    "\t",
    ",",
    "Trailer: x\r\n"
  };

  @Test
  void mutatedResponsesAreJudgedAsNettyJudgesThem() {
    SplittableRandom r = new SplittableRandom(Long.getLong("fuzz.seed", 42));
    List<Sample> base = HttpResponseSamples.all();
    List<String> diffs = new ArrayList<>();
    for (int i = 0; i < Integer.getInteger("fuzz.n", 20000); i++) {
      Sample s = base.get(r.nextInt(base.size()));
      byte[] in = HttpResponseFramerTest.bytes(s.input());
      if (in.length == 0 || in.length > 600) {
        continue;
      }
      StringBuilder b = new StringBuilder(new String(in, StandardCharsets.ISO_8859_1));
      int edits = 1 + r.nextInt(Integer.getInteger("fuzz.edits", 3));
      for (int k = 0; k < edits; k++) {
        int at = r.nextInt(b.length() + 1);
        char c = (char) (ALPHABET[r.nextInt(ALPHABET.length)] & 0xff);
        switch (r.nextInt(4)) {
          case 3 -> b.insert(at, SNIPPETS[r.nextInt(SNIPPETS.length)]);
          case 0 -> b.insert(at, c);
          case 1 -> {
            if (at < b.length()) b.setCharAt(at, c);
          }
          default -> {
            if (at < b.length()) b.deleteCharAt(at);
          }
        }
      }
      Sample m = new Sample("m" + i, s.head(), b.toString(), s.eof(), "");
      byte[] mb = HttpResponseFramerTest.bytes(m.input());
      String mine =
          HttpResponseFramerTest.run(m, mb, new int[] {mb.length})
              .replaceAll("ERROR [^|]*", "ERROR");
      String netty = HttpResponseFramerNettyTest.nettyTranscript(m);
      if (!mine.equals(netty)) {
        diffs.add(escape(m.input()) + "\n   mine:  " + mine + "\n   netty: " + netty);
      }
    }
    assertThat(diffs).isEmpty();
  }

  static String escape(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      if (c < 0x20 || c >= 0x7f) b.append(String.format("\\x%02x", (int) c));
      else b.append(c);
    }
    return b.toString();
  }
}
