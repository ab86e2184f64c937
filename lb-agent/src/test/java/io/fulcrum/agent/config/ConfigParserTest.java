package io.fulcrum.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.datapath.Backend;
import io.fulcrum.datapath.BackendState;
import io.fulcrum.datapath.NatMode;
import io.fulcrum.datapath.Protocol;
import io.fulcrum.datapath.ServiceSpec;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ConfigParserTest {

  static AgentConfig parse(String yaml) throws ConfigException {
    return ConfigParser.parse(yaml.getBytes(StandardCharsets.UTF_8), "t.yaml");
  }

  @Test
  void fullConfigBindsEveryField() throws Exception {
    AgentConfig c =
        parse(
            """
            dataplane:
              interfaces: [eth0, eth1]
              xdpMode: native
              snatAddresses: [198.18.0.1, 2001:db8::1]
              snatPorts: {min: 40000, max: 50000}
              pinPath: /sys/fs/bpf/fulcrum-test
              maps: {services: 100, backends: 1000, flows: 4096, affinity: 100, ringPool: 65536}
              conntrack: {tcpSyn: 10s, tcpEstablished: 2h, tcpClosing: 30, udp: 1m, sctp: 1h, icmp: 5s}
            services:
              - name: web
                vip: 198.18.1.10
                port: 80
                protocol: udp
                mode: dnat
                maglevTableSize: 251
                sessionAffinity: client-ip
                affinityTimeout: 10m
                whenNoBackend: pass
                backends:
                  - {address: 198.18.2.1, port: 8080, weight: 3, state: draining}
                  - {address: 198.18.2.2, port: 8080}
            metrics: {enabled: true, listen: "[::1]:9999"}
            log: {level: debug}
            bgp: {localAs: 65001, peers: [{address: 198.18.9.1, peerAs: 65000}]}
            """);
    assertThat(c.dataplane().interfaces()).containsExactly("eth0", "eth1");
    assertThat(c.dataplane().xdpMode()).isEqualTo("native");
    assertThat(c.dataplane().snatAddresses()).hasSize(2);
    assertThat(c.dataplane().snatPortMin()).isEqualTo(40000);
    assertThat(c.dataplane().maps().flows()).isEqualTo(4096);
    assertThat(c.dataplane().conntrack().tcpClosing()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.dataplane().conntrack().tcpEstablished()).isEqualTo(Duration.ofHours(2));
    ServiceSpec s = c.services().get(0).spec();
    assertThat(c.services().get(0).name()).isEqualTo("web");
    assertThat(s.key().vip()).isEqualTo(InetAddress.getByName("198.18.1.10"));
    assertThat(s.key().protocol()).isEqualTo(Protocol.UDP);
    assertThat(s.mode()).isEqualTo(NatMode.DNAT);
    assertThat(s.maglevTableSize()).isEqualTo(251);
    assertThat(s.affinityTimeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(s.dropWhenNoBackend()).isFalse();
    assertThat(s.backends())
        .containsExactly(
            new Backend(InetAddress.getByName("198.18.2.1"), 8080, 3, BackendState.DRAINING),
            new Backend(InetAddress.getByName("198.18.2.2"), 8080, 100, BackendState.UP));
    assertThat(c.metrics().listen().getPort()).isEqualTo(9999);
    assertThat(c.log().level()).isEqualTo("debug");
    assertThat(c.reserved().get("bgp")).containsEntry("localAs", 65001L);
  }

  @Test
  void defaultsFillWhatIsLeftOut() throws Exception {
    AgentConfig c =
        parse(
            """
            dataplane:
              interfaces: [eth0]
            services:
              - name: web
                vip: 198.18.1.10
                port: 80
                mode: dnat
                backends: [{address: 198.18.2.1, port: 80}]
            """);
    ServiceSpec s = c.services().get(0).spec();
    assertThat(s.key().protocol()).isEqualTo(Protocol.TCP);
    assertThat(s.maglevTableSize()).isZero();
    assertThat(s.affinityTimeout()).isEqualTo(Duration.ZERO);
    assertThat(s.dropWhenNoBackend()).isTrue();
    assertThat(c.dataplane().pinPath()).isEqualTo("/sys/fs/bpf/fulcrum");
    assertThat(c.dataplane().maps()).isEqualTo(DataplaneSettings.MapSizes.DEFAULTS);
    assertThat(c.metrics().enabled()).isTrue();
    assertThat(c.metrics().listen().getPort()).isEqualTo(9469);
    assertThat(c.log().level()).isEqualTo("info");
  }

  @Test
  void affinityWithoutTimeoutDefaultsToThreeHours() throws Exception {
    AgentConfig c =
        parse(
            """
            dataplane: {interfaces: [eth0], snatAddresses: [198.18.0.1]}
            services:
              - {name: a, vip: 198.18.1.10, port: 80, sessionAffinity: client-ip, backends: [{address: 198.18.2.1, port: 80}]}
            """);
    assertThat(c.services().get(0).spec().affinityTimeout()).isEqualTo(Duration.ofHours(3));
  }

  @Test
  void sameVipOnOtherPortOrProtocolIsAnotherService() throws Exception {
    AgentConfig c =
        parse(
            """
            dataplane: {interfaces: [eth0], snatAddresses: [198.18.0.1]}
            services:
              - {name: a, vip: 198.18.1.10, port: 80, backends: [{address: 198.18.2.1, port: 80}]}
              - {name: b, vip: 198.18.1.10, port: 81, backends: [{address: 198.18.2.1, port: 80}]}
              - {name: c, vip: 198.18.1.10, port: 80, protocol: udp, backends: [{address: 198.18.2.1, port: 80}]}
            """);
    assertThat(c.services()).hasSize(3);
  }

  @Test
  void tenThousandServicesOfTenBackendsParse() throws Exception {
    StringBuilder sb =
        new StringBuilder(
            "dataplane: {interfaces: [eth0], snatAddresses: [198.18.0.1]}\nservices:\n");
    for (int i = 0; i < 10_000; i++) {
      sb.append("  - name: svc-")
          .append(i)
          .append("\n    vip: 198.18.")
          .append(128 + i / 256)
          .append('.')
          .append(i % 256)
          .append("\n    port: 80\n    backends:\n");
      for (int j = 1; j <= 10; j++) {
        sb.append("      - {address: 198.19.")
            .append(i % 256)
            .append('.')
            .append(j)
            .append(", port: 8080}\n");
      }
    }
    assertThat(sb.length()).isGreaterThan(3 * 1024 * 1024);
    assertThat(parse(sb.toString()).services()).hasSize(10_000);
  }

  @Test
  void everyExampleFileIsValid() throws Exception {
    Path examples = Path.of("..", "examples");
    try (Stream<Path> files = Files.list(examples)) {
      for (Path p : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
        AgentConfig c = ConfigParser.parse(Files.readAllBytes(p), p.toString());
        assertThat(c.dataplane().interfaces()).as(p.toString()).isNotEmpty();
      }
    }
  }
}
