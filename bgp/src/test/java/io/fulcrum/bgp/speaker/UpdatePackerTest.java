package io.fulcrum.bgp.speaker;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.bgp.RouteAttributes;
import io.fulcrum.bgp.codec.BgpDecoder;
import io.fulcrum.bgp.codec.BgpEncoder;
import io.fulcrum.bgp.codec.BgpMessage;
import io.fulcrum.bgp.codec.IpPrefix;
import io.fulcrum.bgp.codec.PathAttributes;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UpdatePackerTest {
  private static UpdatePacker.Session ebgp() throws Exception {
    return new UpdatePacker.Session(
        65001,
        false,
        true,
        List.of(1, 2),
        InetAddress.getByName("198.18.1.2"),
        InetAddress.getByName("2001:db8:1::2"));
  }

  @Test
  void tenThousandHostRoutesPackIntoFullSizeMessagesThatDecode() throws Exception {
    Map<IpPrefix, RouteAttributes> routes = new LinkedHashMap<>();
    for (int i = 0; i < 10_000; i++) {
      routes.put(
          IpPrefix.parse("198.19." + (i / 256) + "." + (i % 256) + "/32"), RouteAttributes.DEFAULT);
    }
    List<BgpMessage.Update> ups = UpdatePacker.pack(routes, List.of(), ebgp(), p -> {});
    assertThat(ups.size()).isLessThan(20);
    int total = 0;
    for (BgpMessage.Update u : ups) {
      byte[] wire = BgpEncoder.encode(u, true);
      assertThat(wire.length).isLessThanOrEqualTo(4096);
      BgpMessage.Update back =
          (BgpMessage.Update) BgpDecoder.decode(wire, new BgpDecoder.Context(true, false));
      total += back.nlri().size();
      assertThat(back.attributes().nextHop().getHostAddress()).isEqualTo("198.18.1.2");
      assertThat(back.attributes().asPath())
          .containsExactly(PathAttributes.AsPathSegment.sequence(65001L));
    }
    assertThat(total).isEqualTo(10_000);
  }

  @Test
  void routesWithDifferentAttributesTravelSeparatelyAndIbgpGetsLocalPref() throws Exception {
    UpdatePacker.Session ibgp =
        new UpdatePacker.Session(
            65000, true, true, List.of(1), InetAddress.getByName("198.18.1.2"), null);
    Map<IpPrefix, RouteAttributes> routes = new LinkedHashMap<>();
    routes.put(IpPrefix.parse("198.19.0.1/32"), RouteAttributes.DEFAULT.withMed(5L));
    routes.put(IpPrefix.parse("198.19.0.2/32"), RouteAttributes.DEFAULT.withLocalPref(300L));
    List<BgpMessage.Update> ups = UpdatePacker.pack(routes, List.of(), ibgp, p -> {});
    assertThat(ups).hasSize(2);
    assertThat(ups.get(0).attributes().localPref()).isEqualTo(100L);
    assertThat(ups.get(0).attributes().med()).isEqualTo(5L);
    assertThat(ups.get(1).attributes().localPref()).isEqualTo(300L);
    assertThat(ups.get(0).attributes().asPath()).isEmpty();
  }

  @Test
  void ipv6RoutesUseMpReachAndWithdrawalsUseBothFields() throws Exception {
    Map<IpPrefix, RouteAttributes> routes = new LinkedHashMap<>();
    routes.put(IpPrefix.parse("2001:db8:100::1/128"), RouteAttributes.DEFAULT);
    List<BgpMessage.Update> ups =
        UpdatePacker.pack(
            routes,
            List.of(IpPrefix.parse("198.19.0.9/32"), IpPrefix.parse("2001:db8:100::9/128")),
            ebgp(),
            p -> {});
    assertThat(ups).hasSize(3);
    assertThat(ups.get(0).withdrawn()).containsExactly(IpPrefix.parse("198.19.0.9/32"));
    assertThat(ups.get(1).attributes().mpUnreach().withdrawn())
        .containsExactly(IpPrefix.parse("2001:db8:100::9/128"));
    assertThat(ups.get(2).attributes().mpReach().nextHops().get(0).getHostAddress())
        .isEqualTo("2001:db8:1:0:0:0:0:2");
  }

  @Test
  void routesWithoutAFamilyOrNextHopAreSkipped() throws Exception {
    UpdatePacker.Session v4only =
        new UpdatePacker.Session(
            65001, false, true, List.of(1), InetAddress.getByName("198.18.1.2"), null);
    Map<IpPrefix, RouteAttributes> routes = new LinkedHashMap<>();
    routes.put(IpPrefix.parse("2001:db8:100::1/128"), RouteAttributes.DEFAULT);
    List<IpPrefix> skipped = new ArrayList<>();
    assertThat(UpdatePacker.pack(routes, List.of(), v4only, skipped::add)).isEmpty();
    assertThat(skipped).containsExactly(IpPrefix.parse("2001:db8:100::1/128"));
  }
}
