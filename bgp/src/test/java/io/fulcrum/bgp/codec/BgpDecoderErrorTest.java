package io.fulcrum.bgp.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** Every error RFC 4271 section 6 (and RFC 4760, 7313, 7607) names, with code, subcode, data. */
class BgpDecoderErrorTest {
  private static final BgpDecoder.Context FOUR = new BgpDecoder.Context(true, false);
  private static final byte[] NLRI = {32, (byte) 198, 18, 100, 1};

  private static BgpProtocolException decodeFails(byte[] msg, BgpDecoder.Context ctx) {
    BgpProtocolException e =
        catchThrowableOfType(BgpProtocolException.class, () -> BgpDecoder.decode(msg, ctx));
    assertThat(e).as("decoding must fail").isNotNull();
    return e;
  }

  private static void expect(BgpProtocolException e, int code, int subcode) {
    assertThat(e.code()).as("code").isEqualTo(code);
    assertThat(e.subcode()).as("subcode").isEqualTo(subcode);
  }

  private static BgpProtocolException updateFails(byte[] attrs) {
    return decodeFails(Wire.update(new byte[0], attrs, NLRI), FOUR);
  }

  // ---- 6.1 message header errors

  @Test
  void markerNotAllOnesIsConnectionNotSynchronized() {
    byte[] msg = BgpEncoder.encode(new BgpMessage.Keepalive(), true);
    msg[3] = 0;
    expect(decodeFails(msg, FOUR), 1, 1);
  }

  @Test
  void lengthBelowNineteenIsBadMessageLengthWithTheLengthAsData() {
    BgpProtocolException e = decodeFails(Wire.header(18, 4).u8(0).body(), FOUR);
    expect(e, 1, 2);
    assertThat(e.data()).containsExactly(0, 18);
  }

  @Test
  void lengthAboveFourKIsBadMessageLength() {
    BgpProtocolException e =
        catchThrowableOfType(
            BgpProtocolException.class,
            () -> BgpDecoder.checkHeader(ByteBuffer.wrap(Wire.header(4097, 2).body())));
    expect(e, 1, 2);
    assertThat(e.data()).containsExactly(0x10, 0x01);
  }

  @Test
  void keepaliveWithABodyIsBadMessageLength() {
    expect(decodeFails(Wire.of(0).message(4), FOUR), 1, 2);
  }

  @Test
  void shortOpenUpdateAndNotificationAreBadMessageLength() {
    expect(decodeFails(Wire.of(4, 0).message(1), FOUR), 1, 2);
    expect(decodeFails(Wire.of(0, 0).message(2), FOUR), 1, 2);
    expect(decodeFails(Wire.of(6).message(3), FOUR), 1, 2);
  }

  @Test
  void lengthFieldDisagreeingWithTheFrameIsBadMessageLength() {
    byte[] msg = BgpEncoder.encode(new BgpMessage.RouteRefresh(1, 0, 1), true);
    byte[] longer = java.util.Arrays.copyOf(msg, msg.length + 1);
    expect(decodeFails(longer, FOUR), 1, 2);
  }

  @Test
  void unknownTypeIsBadMessageTypeWithTheTypeAsData() {
    BgpProtocolException e = decodeFails(Wire.of().message(9), FOUR);
    expect(e, 1, 3);
    assertThat(e.data()).containsExactly(9);
  }

  // ---- 6.2 OPEN message errors

  private static Wire open(int version, int as, int hold, long id) {
    return Wire.of(version).u16(as).u16(hold).u32(id);
  }

  @Test
  void versionOtherThanFourIsUnsupportedVersionNamingFour() {
    BgpProtocolException e = decodeFails(open(3, 65001, 90, 1).u8(0).message(1), FOUR);
    expect(e, 2, 1);
    assertThat(e.data()).containsExactly(0, 4);
  }

  @Test
  void asZeroIsBadPeerAs() {
    expect(decodeFails(open(4, 0, 90, 1).u8(0).message(1), FOUR), 2, 2);
    byte[] fourOctetZero = open(4, 23456, 90, 1).u8(8, 2, 6, 65, 4).u32(0).message(1);
    expect(decodeFails(fourOctetZero, FOUR), 2, 2);
  }

  @Test
  void bgpIdentifierZeroIsBadBgpIdentifier() {
    expect(decodeFails(open(4, 65001, 90, 0).u8(0).message(1), FOUR), 2, 3);
  }

  @Test
  void optionalParameterOtherThanCapabilitiesIsUnsupportedOptionalParameter() {
    expect(decodeFails(open(4, 65001, 90, 1).u8(3, 1, 1, 0).message(1), FOUR), 2, 4);
  }

  @Test
  void holdTimeOneOrTwoIsUnacceptableHoldTime() {
    expect(decodeFails(open(4, 65001, 1, 1).u8(0).message(1), FOUR), 2, 6);
    expect(decodeFails(open(4, 65001, 2, 1).u8(0).message(1), FOUR), 2, 6);
  }

  @Test
  void holdTimeZeroAndThreeAreAccepted() throws Exception {
    BgpDecoder.decode(open(4, 65001, 0, 1).u8(0).message(1), FOUR);
    BgpDecoder.decode(open(4, 65001, 3, 1).u8(0).message(1), FOUR);
  }

  @Test
  void optionalParametersOverrunningTheOpenAreOpenErrors() {
    expect(decodeFails(open(4, 65001, 90, 1).u8(5, 2, 4).message(1), FOUR), 2, 0);
    expect(decodeFails(open(4, 65001, 90, 1).u8(4, 2, 2, 1, 9).message(1), FOUR), 2, 0);
    expect(decodeFails(open(4, 65001, 90, 1).u8(6, 2, 4, 1, 2, 0, 1).message(1), FOUR), 2, 0);
  }

  // ---- 6.3 UPDATE message errors

  @Test
  void withdrawnLengthTooLargeIsMalformedAttributeList() {
    byte[] msg = Wire.of().u16(50).u16(0).message(2);
    expect(decodeFails(msg, FOUR), 3, 1);
  }

  @Test
  void attributeLengthTooLargeIsMalformedAttributeList() {
    byte[] msg = Wire.of().u16(0).u16(50).u8(0x40, 1, 1, 0).message(2);
    expect(decodeFails(msg, FOUR), 3, 1);
  }

  @Test
  void attributeAppearingTwiceIsMalformedAttributeList() {
    expect(updateFails(Wire.validAttrs().u8(0x40, 1, 1, 0).body()), 3, 1);
  }

  @Test
  void attributeOverrunningTheFieldIsMalformedAttributeList() {
    expect(updateFails(Wire.validAttrs().u8(0x80, 4, 9, 0, 0).body()), 3, 1);
  }

  @Test
  void unknownWellKnownAttributeIsUnrecognizedWellKnownWithTheAttributeAsData() {
    BgpProtocolException e = updateFails(Wire.validAttrs().u8(0x40, 99, 1, 5).body());
    expect(e, 3, 2);
    assertThat(e.data()).containsExactly(0x40, 99, 1, 5);
  }

  @Test
  void missingOriginAsPathOrNextHopIsMissingWellKnownNamingTheType() {
    byte[] noOrigin = Wire.of(0x40, 2, 6, 2, 1).u32(65001).u8(0x40, 3, 4, 198, 18, 0, 1).body();
    BgpProtocolException e = updateFails(noOrigin);
    expect(e, 3, 3);
    assertThat(e.data()).containsExactly(1);
    byte[] noPath = Wire.of(0x40, 1, 1, 0).u8(0x40, 3, 4, 198, 18, 0, 1).body();
    assertThat(updateFails(noPath).data()).containsExactly(2);
    byte[] noNextHop = Wire.of(0x40, 1, 1, 0).u8(0x40, 2, 6, 2, 1).u32(65001).body();
    assertThat(updateFails(noNextHop).data()).containsExactly(3);
  }

  @Test
  void missingLocalPrefFromAnInternalPeerIsMissingWellKnown() {
    byte[] msg = Wire.update(new byte[0], Wire.validAttrs().body(), NLRI);
    BgpProtocolException e = decodeFails(msg, new BgpDecoder.Context(true, true));
    expect(e, 3, 3);
    assertThat(e.data()).containsExactly(5);
  }

  @Test
  void wrongFlagsOnAKnownAttributeIsAttributeFlagsError() {
    expect(updateFails(Wire.of(0xc0, 1, 1, 0).bytes(Wire.validAttrs().body()).body()), 3, 4);
    // MED marked transitive
    expect(updateFails(Wire.validAttrs().u8(0xc0, 4, 4).u32(1).body()), 3, 4);
    // well-known with the partial bit
    BgpProtocolException e =
        updateFails(Wire.of(0x60, 6, 0).bytes(Wire.validAttrs().body()).body());
    expect(e, 3, 4);
    assertThat(e.data()).containsExactly(0x60, 6, 0);
  }

  @Test
  void wrongLengthOfAFixedSizeAttributeIsAttributeLengthError() {
    expect(updateFails(Wire.validAttrs().u8(0x80, 4, 3, 0, 0, 1).body()), 3, 5); // MED
    expect(updateFails(Wire.validAttrs().u8(0x40, 5, 2, 0, 1).body()), 3, 5); // LOCAL_PREF
    expect(updateFails(Wire.validAttrs().u8(0x40, 6, 1, 0).body()), 3, 5); // ATOMIC_AGGREGATE
    expect(updateFails(Wire.validAttrs().u8(0xc0, 7, 3, 0, 0, 0).body()), 3, 5); // AGGREGATOR
    byte[] longOrigin = Wire.of(0x40, 1, 2, 0, 0).u8(0x40, 2, 0).u8(0x40, 3, 4, 1, 2, 3, 4).body();
    expect(updateFails(longOrigin), 3, 5);
    byte[] shortNextHop = Wire.of(0x40, 1, 1, 0).u8(0x40, 2, 0).u8(0x40, 3, 3, 1, 2, 3).body();
    expect(updateFails(shortNextHop), 3, 5);
  }

  @Test
  void undefinedOriginValueIsInvalidOrigin() {
    byte[] attrs = Wire.of(0x40, 1, 1, 3).u8(0x40, 2, 0).u8(0x40, 3, 4, 1, 2, 3, 4).body();
    BgpProtocolException e = updateFails(attrs);
    expect(e, 3, 6);
    assertThat(e.data()).containsExactly(0x40, 1, 1, 3);
  }

  @Test
  void nonUnicastNextHopIsInvalidNextHop() {
    for (int[] nh : new int[][] {{0, 0, 0, 0}, {224, 0, 0, 1}, {255, 255, 255, 255}}) {
      byte[] attrs = Wire.of(0x40, 1, 1, 0).u8(0x40, 2, 0).u8(0x40, 3, 4).u8(nh).body();
      expect(updateFails(attrs), 3, 8);
    }
  }

  @Test
  void badCommunityLengthsAreOptionalAttributeErrors() {
    expect(updateFails(Wire.validAttrs().u8(0xc0, 8, 3, 1, 2, 3).body()), 3, 9);
    expect(updateFails(Wire.validAttrs().u8(0xc0, 32, 4, 1, 2, 3, 4).body()), 3, 9);
  }

  @Test
  void malformedMultiprotocolAttributesAreOptionalAttributeErrors() {
    // IPv6 next hop of 5 bytes
    byte[] badNh = Wire.validAttrs().u8(0x80, 14, 10).u16(2).u8(1, 5, 1, 2, 3, 4, 5, 0).body();
    expect(updateFails(badNh), 3, 9);
    // prefix length 129 in MP_UNREACH
    byte[] badPrefix = Wire.validAttrs().u8(0x80, 15, 4).u16(2).u8(1, 129).body();
    expect(updateFails(badPrefix), 3, 9);
  }

  @Test
  void syntacticallyWrongNlriIsInvalidNetworkField() {
    byte[] tooLong =
        Wire.update(new byte[0], Wire.validAttrs().body(), new byte[] {33, 1, 2, 3, 4, 5});
    expect(decodeFails(tooLong, FOUR), 3, 10);
    byte[] overrun = Wire.update(new byte[0], Wire.validAttrs().body(), new byte[] {24, 1, 2});
    expect(decodeFails(overrun, FOUR), 3, 10);
    byte[] badWithdrawn = Wire.update(new byte[] {40, 1}, new byte[0], new byte[0]);
    expect(decodeFails(badWithdrawn, FOUR), 3, 10);
  }

  @Test
  void malformedAsPathSegmentsAreMalformedAsPath() {
    byte[] badType =
        Wire.of(0x40, 1, 1, 0).u8(0x40, 2, 6, 7, 1).u32(1).u8(0x40, 3, 4, 1, 2, 3, 4).body();
    expect(updateFails(badType), 3, 11);
    byte[] overrun =
        Wire.of(0x40, 1, 1, 0).u8(0x40, 2, 6, 2, 2).u32(1).u8(0x40, 3, 4, 1, 2, 3, 4).body();
    expect(updateFails(overrun), 3, 11);
    byte[] twoOctetWidth =
        Wire.of(0x40, 1, 1, 0).u8(0x40, 2, 3, 2, 1, 0).u8(0x40, 3, 4, 1, 2, 3, 4).body();
    expect(
        decodeFails(
            Wire.update(new byte[0], twoOctetWidth, NLRI), new BgpDecoder.Context(false, false)),
        3,
        11);
  }

  // ---- RFC 7313 ROUTE-REFRESH errors

  @Test
  void routeRefreshOfTheWrongLengthIsInvalidMessageLength() {
    expect(decodeFails(Wire.of(0, 1, 0).message(5), FOUR), 7, 1);
  }

  @Test
  void exceptionBecomesTheMatchingNotification() {
    BgpProtocolException e = decodeFails(Wire.of().message(9), FOUR);
    assertThat(e.toNotification()).isEqualTo(new BgpMessage.Notification(1, 3, new byte[] {9}));
  }
}
