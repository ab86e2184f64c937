package io.fulcrum.bgp.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.bgp.codec.PathAttributes.AsPathSegment;
import io.fulcrum.bgp.codec.PathAttributes.LargeCommunity;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class BgpCodecRoundTripTest {
  private static final BgpDecoder.Context FOUR = new BgpDecoder.Context(true, false);

  private static BgpMessage roundTrip(BgpMessage m, boolean four) throws Exception {
    byte[] wire = BgpEncoder.encode(m, four);
    assertThat(BgpDecoder.checkHeader(ByteBuffer.wrap(wire))).isEqualTo(wire.length);
    return BgpDecoder.decode(wire, new BgpDecoder.Context(four, false));
  }

  @Test
  void openWithEveryCapabilitySurvivesTheWire() throws Exception {
    BgpMessage.Open open =
        new BgpMessage.Open(
            4,
            BgpEncoder.AS_TRANS,
            90,
            0xc6120001L,
            List.of(
                new Capability.Multiprotocol(Afi.IPV4, Afi.SAFI_UNICAST),
                new Capability.Multiprotocol(Afi.IPV6, Afi.SAFI_UNICAST),
                new Capability.RouteRefresh(),
                new Capability.FourOctetAs(4200000001L),
                new Capability.GracefulRestart(
                    true, 120, List.of(new Capability.GracefulRestart.Family(Afi.IPV4, 1, true))),
                new Capability.Unknown(73, new byte[] {1, 2, 3})));
    BgpMessage back = roundTrip(open, false);
    assertThat(back).isEqualTo(open);
    assertThat(((BgpMessage.Open) back).effectiveAs()).isEqualTo(4200000001L);
    assertThat(((BgpMessage.Open) back).supports(Afi.IPV6, 1)).isTrue();
  }

  @Test
  void keepaliveIsNineteenBytes() throws Exception {
    byte[] wire = BgpEncoder.encode(new BgpMessage.Keepalive(), true);
    assertThat(wire).hasSize(19);
    assertThat(BgpDecoder.decode(wire, FOUR)).isEqualTo(new BgpMessage.Keepalive());
  }

  @Test
  void notificationAndRouteRefreshSurviveTheWire() throws Exception {
    BgpMessage n = new BgpMessage.Notification(6, 2, new byte[] {5, 'b', 'y', 'e'});
    assertThat(roundTrip(n, true)).isEqualTo(n);
    BgpMessage r = new BgpMessage.RouteRefresh(Afi.IPV6, 0, Afi.SAFI_UNICAST);
    assertThat(roundTrip(r, true)).isEqualTo(r);
  }

  @Test
  void ipv4UpdateWithAllAttributesSurvivesTheWire() throws Exception {
    PathAttributes attrs =
        PathAttributes.builder()
            .origin(PathAttributes.Origin.IGP)
            .asPath(List.of(AsPathSegment.sequence(65001L, 4200000001L)))
            .nextHop(InetAddress.getByName("198.18.0.1"))
            .med(50L)
            .localPref(200L)
            .communities(List.of(PathAttributes.parseCommunity("65001:100")))
            .largeCommunities(List.of(LargeCommunity.parse("4200000001:1:2")))
            .build();
    BgpMessage.Update u =
        new BgpMessage.Update(
            List.of(IpPrefix.parse("198.18.9.0/24")),
            attrs,
            List.of(IpPrefix.parse("198.18.100.1/32"), IpPrefix.parse("198.19.0.0/16")));
    assertThat(roundTrip(u, true)).isEqualTo(u);
  }

  @Test
  void ipv6RoutesTravelInMultiprotocolAttributes() throws Exception {
    PathAttributes attrs =
        PathAttributes.builder()
            .origin(PathAttributes.Origin.INCOMPLETE)
            .asPath(List.of(AsPathSegment.sequence(65001L)))
            .mpReach(
                new PathAttributes.MpReach(
                    Afi.IPV6,
                    1,
                    List.of(InetAddress.getByName("2001:db8::1")),
                    List.of(IpPrefix.parse("2001:db8:100::1/128"))))
            .mpUnreach(
                new PathAttributes.MpUnreach(
                    Afi.IPV6, 1, List.of(IpPrefix.parse("2001:db8:200::/48"))))
            .build();
    BgpMessage.Update u = new BgpMessage.Update(List.of(), attrs, List.of());
    assertThat(roundTrip(u, true)).isEqualTo(u);
  }

  @Test
  void fourOctetAsPathOnTwoOctetSessionUsesAsTransAndAs4Path() throws Exception {
    PathAttributes attrs =
        PathAttributes.builder()
            .origin(PathAttributes.Origin.IGP)
            .asPath(List.of(AsPathSegment.sequence(4200000001L)))
            .nextHop(InetAddress.getByName("198.18.0.1"))
            .build();
    BgpMessage.Update u =
        new BgpMessage.Update(List.of(), attrs, List.of(IpPrefix.parse("198.18.100.1/32")));
    BgpMessage.Update back = (BgpMessage.Update) roundTrip(u, false);
    assertThat(back.attributes().asPath())
        .containsExactly(AsPathSegment.sequence((long) BgpEncoder.AS_TRANS));
    assertThat(back.attributes().others())
        .singleElement()
        .extracting(PathAttributes.RawAttribute::typeCode)
        .isEqualTo(PathAttributes.AS4_PATH);
  }

  @Test
  void endOfRibMarkersAreRecognised() throws Exception {
    assertThat(
            ((BgpMessage.Update) roundTrip(BgpMessage.Update.endOfRib(Afi.IPV4), true))
                .isEndOfRib())
        .isTrue();
    assertThat(
            ((BgpMessage.Update) roundTrip(BgpMessage.Update.endOfRib(Afi.IPV6), true))
                .isEndOfRib())
        .isTrue();
  }

  @Test
  void unknownOptionalTransitiveAttributeIsKeptWithPartialBit() throws Exception {
    byte[] attrs = Wire.validAttrs().u8(0xc0, 99, 2, 7, 7).body();
    byte[] msg = Wire.update(new byte[0], attrs, new byte[] {32, (byte) 198, 18, 100, 1});
    BgpMessage.Update u = (BgpMessage.Update) BgpDecoder.decode(msg, FOUR);
    assertThat(u.attributes().others())
        .containsExactly(new PathAttributes.RawAttribute(0xe0, 99, new byte[] {7, 7}));
  }

  @Test
  void unknownOptionalNonTransitiveAttributeIsIgnored() throws Exception {
    byte[] attrs = Wire.validAttrs().u8(0x80, 99, 1, 7).body();
    byte[] msg = Wire.update(new byte[0], attrs, new byte[] {32, (byte) 198, 18, 100, 1});
    BgpMessage.Update u = (BgpMessage.Update) BgpDecoder.decode(msg, FOUR);
    assertThat(u.attributes().others()).isEmpty();
    assertThat(u.nlri()).containsExactly(IpPrefix.parse("198.18.100.1/32"));
  }

  @Test
  void extendedLengthAttributesDecode() throws Exception {
    byte[] attrs = Wire.validAttrs().u8(0x90, 4, 0, 4).u32(7).body();
    byte[] msg = Wire.update(new byte[0], attrs, new byte[] {32, (byte) 198, 18, 100, 1});
    assertThat(((BgpMessage.Update) BgpDecoder.decode(msg, FOUR)).attributes().med()).isEqualTo(7L);
  }

  @Test
  void prefixParsingClearsHostBits() {
    assertThat(IpPrefix.parse("198.18.7.9/24")).isEqualTo(IpPrefix.parse("198.18.7.0/24"));
    assertThat(IpPrefix.parse("2001:db8::1").length()).isEqualTo(128);
  }
}
