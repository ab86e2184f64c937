package io.fulcrum.agent.source;

import static io.fulcrum.agent.source.InotifyEvent.IN_CLOSE_WRITE;
import static io.fulcrum.agent.source.InotifyEvent.IN_ISDIR;
import static io.fulcrum.agent.source.InotifyEvent.IN_MOVED_FROM;
import static io.fulcrum.agent.source.InotifyEvent.IN_MOVED_TO;
import static io.fulcrum.agent.source.InotifyEvent.IN_Q_OVERFLOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class InotifyEventTest {

  /** One struct inotify_event as the kernel lays it out, the name NUL-padded to {@code len}. */
  static byte[] event(ByteOrder order, int wd, int mask, int cookie, String name, int len) {
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    ByteBuffer bb = ByteBuffer.allocate(InotifyEvent.HEADER + len).order(order);
    bb.putInt(wd).putInt(mask).putInt(cookie).putInt(len).put(n);
    return bb.array();
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  @Test
  void aRenameIsTwoEventsPairedByTheirCookieWithPaddedNames() {
    ByteOrder le = ByteOrder.LITTLE_ENDIAN;
    byte[] buf =
        concat(
            event(le, 1, IN_MOVED_FROM, 77, ".fulcrum.yaml.swp", 32),
            event(le, 1, IN_MOVED_TO, 77, "fulcrum.yaml", 16));
    assertThat(InotifyEvent.parse(buf, buf.length, le))
        .containsExactly(
            new InotifyEvent(1, IN_MOVED_FROM, 77, ".fulcrum.yaml.swp"),
            new InotifyEvent(1, IN_MOVED_TO, 77, "fulcrum.yaml"));
  }

  @Test
  void anOverflowHasNoName() {
    byte[] buf = event(ByteOrder.LITTLE_ENDIAN, -1, IN_Q_OVERFLOW, 0, "", 0);
    assertThat(InotifyEvent.parse(buf, buf.length, ByteOrder.LITTLE_ENDIAN))
        .containsExactly(new InotifyEvent(-1, IN_Q_OVERFLOW, 0, ""));
  }

  @Test
  void fieldsAreReadInTheGivenByteOrder() {
    ByteOrder be = ByteOrder.BIG_ENDIAN;
    byte[] buf = event(be, 3, IN_CLOSE_WRITE | IN_ISDIR, 0x01020304, "x", 16);
    InotifyEvent e = InotifyEvent.parse(buf, buf.length, be).get(0);
    assertThat(e).isEqualTo(new InotifyEvent(3, IN_CLOSE_WRITE | IN_ISDIR, 0x01020304, "x"));
    assertThat(e.is(IN_ISDIR)).isTrue();
    assertThat(e.is(IN_MOVED_TO)).isFalse();
  }

  @Test
  void aNameFillingItsWholeLengthNeedsNoTerminator() {
    byte[] buf = event(ByteOrder.LITTLE_ENDIAN, 1, IN_CLOSE_WRITE, 0, "abcd", 4);
    assertThat(InotifyEvent.parse(buf, buf.length, ByteOrder.LITTLE_ENDIAN).get(0).name())
        .isEqualTo("abcd");
  }

  @Test
  void onlyTheGivenLengthIsParsed() {
    byte[] one = event(ByteOrder.LITTLE_ENDIAN, 1, IN_CLOSE_WRITE, 0, "a", 16);
    byte[] buf = concat(one, new byte[100]);
    assertThat(InotifyEvent.parse(buf, one.length, ByteOrder.LITTLE_ENDIAN)).hasSize(1);
    assertThat(InotifyEvent.parse(buf, 0, ByteOrder.LITTLE_ENDIAN)).isEmpty();
  }

  @Test
  void aBufferEndingInsideAnEventIsRefused() {
    byte[] buf = event(ByteOrder.LITTLE_ENDIAN, 1, IN_CLOSE_WRITE, 0, "fulcrum.yaml", 16);
    assertThatThrownBy(() -> InotifyEvent.parse(buf, 10, ByteOrder.LITTLE_ENDIAN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("header");
    assertThatThrownBy(() -> InotifyEvent.parse(buf, buf.length - 1, ByteOrder.LITTLE_ENDIAN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("name of 16 bytes");
    assertThatThrownBy(() -> InotifyEvent.parse(buf, buf.length + 1, ByteOrder.LITTLE_ENDIAN))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
