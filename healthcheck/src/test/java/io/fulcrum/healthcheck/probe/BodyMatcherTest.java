package io.fulcrum.healthcheck.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BodyMatcherTest {

  /** Feeds {@code body} split at every position; each split must give {@code found}. */
  @ParameterizedTest(name = "''{0}'' in ''{1}'' (limit {2}): {3}")
  @CsvSource({
    "healthy, 'status: healthy', 100, true",
    "healthy, 'status: draining', 100, false",
    "aab, aaab, 100, true",
    "abab, abaabab, 100, true",
    "abcabd, abcabcabd, 100, true",
    "'', anything, 100, true",
    "'', '', 100, true",
    "ok, 'xxxxok', 6, true",
    "ok, 'xxxxxok', 6, false",
    "café, 'le café', 100, true",
  })
  void findsTheNeedleWithinTheLimitWhateverTheSplit(
      String needle, String body, int limit, boolean found) {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    for (int cut = 0; cut <= b.length; cut++) {
      BodyMatcher m = new BodyMatcher(needle.getBytes(StandardCharsets.UTF_8), limit);
      m.feed(b, 0, cut);
      m.feed(b, cut, b.length - cut);
      m.feed(b, 0, 0); // the end of the body
      assertThat(m.found()).as("split at %d", cut).isEqualTo(found);
    }
  }

  @ParameterizedTest(name = "limit {0}")
  @CsvSource({"4, false", "5, true"})
  void isFullOnceTheLimitWasFed(int limit, boolean full) {
    BodyMatcher m = new BodyMatcher("zz".getBytes(StandardCharsets.US_ASCII), 5);
    byte[] b = "abcdefgh".getBytes(StandardCharsets.US_ASCII);
    m.feed(b, 0, limit);
    assertThat(m.full()).isEqualTo(full);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"ok", "healthy"})
  void resetStartsANewBody(String needle) {
    BodyMatcher m = new BodyMatcher(needle.getBytes(StandardCharsets.US_ASCII), 100);
    byte[] b = needle.getBytes(StandardCharsets.US_ASCII);
    m.feed(b, 0, b.length - 1);
    m.reset();
    m.feed(b, b.length - 1, 1);
    assertThat(m.found()).isFalse();
    m.reset();
    m.feed(b, 0, b.length);
    assertThat(m.found()).isTrue();
  }
}
