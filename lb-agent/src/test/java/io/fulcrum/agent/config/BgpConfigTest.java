package io.fulcrum.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.bgp.AnnounceMode;
import io.fulcrum.bgp.PeerConfig;
import io.fulcrum.bgp.RouteAttributes;
import io.fulcrum.bgp.codec.PathAttributes;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class BgpConfigTest {
  static final String BASE = "dataplane: {interfaces: [eth0]}\n";

  static AgentConfig parse(String yaml) throws ConfigException {
    return ConfigParser.parse(yaml.getBytes(StandardCharsets.UTF_8), "t.yaml");
  }

  static InetAddress ip(String s) throws Exception {
    return InetAddress.getByName(s);
  }

  @Test
  void withoutSectionOrWithAnEmptyOneBgpIsDisabled() throws Exception {
    assertThat(parse(BASE).bgp().enabled()).isFalse();
    assertThat(parse(BASE + "bgp: {}\n").bgp().enabled()).isFalse();
  }

  @Test
  void theHelmChartsExampleParsesAndStaysDisabledUntilEnabled() throws Exception {
    String chart =
        BASE
            + "bgp:\n  localAs: 64512\n  announceMode: owner\n  peers:\n"
            + "    - {address: 198.18.0.254, peerAs: 64500, holdTime: 90,"
            + " bfd: {minTxMillis: 300, multiplier: 3}}\n"
            + "    - {address: \"2001:db8::fe\", peerAs: 64500}\n";
    AgentConfig off = parse(chart);
    assertThat(off.bgp().enabled()).isFalse();
    assertThat(off.reserved().get("bgp")).containsKey("peers");
    BgpSection on = parse(chart.replace("bgp:\n", "bgp:\n  enabled: true\n")).bgp();
    assertThat(on.enabled()).isTrue();
    assertThat(on.peers()).hasSize(2);
    assertThat(on.peers().get(0).bfd()).isEqualTo(new PeerConfig.BfdConfig(300, 300, 3));
    assertThat(on.peers().get(0).holdTime()).isEqualTo(90);
    assertThat(on.peers().get(0).keepaliveTime()).isEqualTo(30);
  }

  @Test
  void minimalSectionTakesTheDocumentedDefaults() throws Exception {
    BgpSection b =
        parse(
                BASE
                    + "bgp:\n  enabled: true\n  localAs: 65001\n  peers: [{address: 198.18.1.1, peerAs: 65000}]\n")
            .bgp();
    assertThat(b.localAs()).isEqualTo(65001);
    assertThat(b.routerId()).isNull();
    assertThat(b.listen()).isNull();
    assertThat(b.announceMode()).isEqualTo(AnnounceMode.OWNER_ONLY);
    assertThat(b.gracefulRestart()).isEqualTo(new BgpSection.GracefulRestart(true, 120));
    BgpSection.Peer p = b.peers().get(0);
    assertThat(p.port()).isEqualTo(179);
    assertThat(p.ttl()).as("eBGP: directly connected").isEqualTo(1);
    assertThat(p.holdTime()).isEqualTo(90);
    assertThat(p.connectRetryTime()).isEqualTo(5);
    assertThat(p.passive()).isFalse();
    assertThat(p.families()).containsExactly(1, 2);
    assertThat(p.bfd()).isNull();
    assertThat(p.passwordFile()).isNull();
    assertThat(b.attributesFor(ip("198.18.100.1"), List.of("web")))
        .isEqualTo(RouteAttributes.DEFAULT);
  }

  @Test
  void fullSectionIsBound() throws Exception {
    BgpSection b =
        parse(
                BASE
                    + "bgp:\n"
                    + "  enabled: true\n"
                    + "  localAs: 4200000001\n"
                    + "  routerId: 198.18.0.11\n"
                    + "  listen: 198.18.0.11:1179\n"
                    + "  announceMode: all\n"
                    + "  gracefulRestart: {enabled: true, restartTime: 60s}\n"
                    + "  med: 10\n"
                    + "  communities: [\"65000:100\", no-export]\n"
                    + "  pools:\n"
                    + "    - {prefix: 198.18.100.0/24, med: 20, largeCommunities: [\"65001:1:2\"]}\n"
                    + "  services:\n"
                    + "    web: {communities: [\"65000:300\"], localPref: 300}\n"
                    + "  peers:\n"
                    + "    - address: 198.18.1.1\n"
                    + "      peerAs: 4200000001\n"
                    + "      localAddress: 198.18.1.2\n"
                    + "      passwordFile: /etc/fulcrum/bgp.key\n"
                    + "      holdTime: 9s\n"
                    + "      keepaliveTime: 3\n"
                    + "      connectRetryTime: 2s\n"
                    + "      passive: true\n"
                    + "      families: [ipv4]\n"
                    + "      nextHopV6: 2001:db8:1::2\n"
                    + "      bfd: true\n"
                    + "    - {address: 198.18.9.1, peerAs: 65000, ttl: 3}\n")
            .bgp();
    assertThat(b.localAs()).isEqualTo(4200000001L);
    assertThat(b.routerId()).isEqualTo(ip("198.18.0.11"));
    assertThat(b.listen().getPort()).isEqualTo(1179);
    assertThat(b.announceMode()).isEqualTo(AnnounceMode.ALL_HEALTHY_NODES);
    assertThat(b.gracefulRestart().restartTimeSeconds()).isEqualTo(60);
    BgpSection.Peer p = b.peers().get(0);
    assertThat(p.ttl()).as("iBGP").isEqualTo(255);
    assertThat(p.holdTime()).isEqualTo(9);
    assertThat(p.keepaliveTime()).isEqualTo(3);
    assertThat(p.connectRetryTime()).isEqualTo(2);
    assertThat(p.passive()).isTrue();
    assertThat(p.families()).containsExactly(1);
    assertThat(p.nextHopV6()).isEqualTo(ip("2001:db8:1::2"));
    assertThat(p.passwordFile()).isEqualTo(Path.of("/etc/fulcrum/bgp.key"));
    assertThat(p.bfd()).isEqualTo(PeerConfig.BfdConfig.DEFAULT);
    assertThat(p.toPeerConfig("k").md5Password()).isEqualTo("k");
    assertThat(b.peers().get(1).ttl()).as("multihop eBGP").isEqualTo(3);

    RouteAttributes web = b.attributesFor(ip("198.18.100.7"), List.of("web"));
    assertThat(web.med()).as("from the pool").isEqualTo(20L);
    assertThat(web.localPref()).isEqualTo(300L);
    assertThat(web.communities()).containsExactly(PathAttributes.parseCommunity("65000:300"));
    assertThat(web.largeCommunities()).hasSize(1);
    RouteAttributes other = b.attributesFor(ip("198.18.200.1"), List.of("dns"));
    assertThat(other.med()).isEqualTo(10L);
    assertThat(other.communities())
        .containsExactly(PathAttributes.parseCommunity("65000:100"), 0xFFFFFF01L);
    assertThat(other.largeCommunities()).isEmpty();
  }

  @Test
  void badValuesAreRefusedWithLineAndField() {
    assertThatThrownBy(
            () ->
                parse(
                    BASE
                        + "bgp:\n"
                        + "  enabled: true\n"
                        + "  routerId: 2001:db8::1\n"
                        + "  announceMode: sometimes\n"
                        + "  communities: [\"70000:1\"]\n"
                        + "  pools: [{prefix: 198.18.100.0/33}]\n"
                        + "  peers:\n"
                        + "    - {address: 198.18.1.1, peerAs: 0, holdTime: 2, bogus: 1}\n"
                        + "    - {address: 198.18.1.2, peerAs: 65000, localAddress: \"2001:db8::2\","
                        + " families: [ipx], bfd: {multiplier: 0}}\n"
                        + "    - {address: 198.18.1.3, peerAs: 65000}\n"
                        + "    - {address: 198.18.1.3, peerAs: 65000}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("t.yaml:3:3: bgp.localAs: is required")
        .hasMessageContaining("t.yaml:4:13: bgp.routerId: must be an IPv4 address")
        .hasMessageContaining("bgp.announceMode: must be one of owner, all")
        .hasMessageContaining("bgp.communities[0]: '70000:1' is not a community")
        .hasMessageContaining("bgp.pools[0].prefix")
        .hasMessageContaining("bgp.peers[0].peerAs: must be between 1 and 4294967295")
        .hasMessageContaining("bgp.peers[0].holdTime: must be 0 or 3s-65535s")
        .hasMessageContaining("bgp.peers[0].bogus")
        .hasMessageContaining("bgp.peers[1].localAddress: must be an IPv4 address")
        .hasMessageContaining("bgp.peers[1].families[0]: must be ipv4 or ipv6")
        .hasMessageContaining("bgp.peers[1].bfd.multiplier")
        .hasMessageContaining("bgp.peers[3].address: 198.18.1.3 is listed twice");
  }

  @Test
  void anEnabledSectionNeedsPeers() {
    assertThatThrownBy(() -> parse(BASE + "bgp: {enabled: true, localAs: 65001, peers: []}\n"))
        .hasMessageContaining("bgp.peers: must list at least one peer");
  }
}
