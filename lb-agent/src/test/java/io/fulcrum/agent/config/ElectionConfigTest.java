package io.fulcrum.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ElectionConfigTest {
  static final String BASE = "dataplane: {interfaces: [eth0]}\n";
  static final String PEERS = "  peers: [198.18.7.11:7411, 198.18.7.12:7411, 198.18.7.13:7411]\n";

  static AgentConfig parse(String yaml) throws ConfigException {
    return ConfigParser.parse(yaml.getBytes(StandardCharsets.UTF_8), "t.yaml");
  }

  @Test
  void nodeIdTakesTheNodesAddressFromTheEnvironment() throws Exception {
    byte[] yaml =
        (BASE + "election:\n  enabled: true\n  nodeId: ${FULCRUM_NODE_IP}:7411\n" + PEERS)
            .getBytes(StandardCharsets.UTF_8);
    ElectionSection e =
        ConfigParser.parse(yaml, "t.yaml", v -> v.equals("FULCRUM_NODE_IP") ? "198.18.7.13" : null)
            .election();
    assertThat(e.nodeId()).isEqualTo("198.18.7.13:7411");
    assertThatThrownBy(() -> ConfigParser.parse(yaml, "t.yaml", v -> null))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "t.yaml:4:11: election.nodeId: environment variable FULCRUM_NODE_IP is not set");
  }

  @Test
  void withoutSectionTheElectionIsDisabled() throws Exception {
    assertThat(parse(BASE).election().enabled()).isFalse();
  }

  @Test
  void minimalSectionTakesTheDocumentedDefaults() throws Exception {
    ElectionSection e =
        parse(BASE + "election:\n  enabled: true\n  nodeId: 198.18.7.12:7411\n" + PEERS).election();
    assertThat(e.enabled()).isTrue();
    assertThat(e.nodeId()).isEqualTo("198.18.7.12:7411");
    assertThat(e.peers()).hasSize(3).contains("198.18.7.11:7411");
    assertThat(e.dataDir()).isEqualTo(Path.of("/var/lib/fulcrum/raft"));
    assertThat(e.groupId()).isEqualTo("fulcrum");
    assertThat(e.l2()).as("no l2 interface: BGP mode").isFalse();
    assertThat(e.electionTimeoutMs()).isEqualTo(300);
    assertThat(e.maxElectionDelayMs()).isEqualTo(300);
    assertThat(e.vipLeaseMs()).isEqualTo(200);
    assertThat(e.renewIntervalMs()).isEqualTo(50);
    assertThat(e.safetyMarginMs()).isEqualTo(50);
    assertThat(e.snapshotIntervalSecs()).isEqualTo(60);
    assertThat(e.garpCount()).isEqualTo(3);
    assertThat(e.garpIntervalMs()).isEqualTo(50);
  }

  @Test
  void everySettingIsBound() throws Exception {
    ElectionSection e =
        parse(
                BASE
                    + "election:\n  enabled: true\n  groupId: lb-a\n  nodeId: 198.18.7.11:7411\n"
                    + PEERS
                    + "  dataDir: /tmp/raft\n  l2: {interface: eth0, garpCount: 5,"
                    + " garpIntervalMs: 20}\n  electionTimeoutMs: 600\n  maxElectionDelayMs: 100\n"
                    + "  vipLeaseMs: 15000\n  renewIntervalMs: 200\n  safetyMarginMs: 80\n"
                    + "  snapshotIntervalSecs: 30\n")
            .election();
    assertThat(e.groupId()).isEqualTo("lb-a");
    assertThat(e.dataDir()).isEqualTo(Path.of("/tmp/raft"));
    assertThat(e.l2Interface()).isEqualTo("eth0");
    assertThat(e.garpCount()).isEqualTo(5);
    assertThat(e.garpIntervalMs()).isEqualTo(20);
    assertThat(e.electionTimeoutMs()).isEqualTo(600);
    assertThat(e.maxElectionDelayMs()).isEqualTo(100);
    assertThat(e.vipLeaseMs()).isEqualTo(15000);
    assertThat(e.renewIntervalMs()).isEqualTo(200);
    assertThat(e.safetyMarginMs()).isEqualTo(80);
    assertThat(e.snapshotIntervalSecs()).isEqualTo(30);
  }

  @Test
  void disabledSectionNeedsNoPeers() throws Exception {
    assertThat(parse(BASE + "election:\n  enabled: false\n").election().enabled()).isFalse();
  }

  @Test
  void enabledSectionWithoutNodeIdOrPeersIsRefused() {
    assertThatThrownBy(() -> parse(BASE + "election:\n  enabled: true\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("t.yaml:3")
        .hasMessageContaining("election.nodeId: is required")
        .hasMessageContaining("election.peers: is required");
  }

  @Test
  void badValuesAreRefusedWithFileLineAndField() {
    assertThatThrownBy(
            () ->
                parse(
                    BASE
                        + "election:\n  enabled: true\n  nodeId: 198.18.7.14:7411\n"
                        + "  peers: [198.18.7.11:7411, nowhere, 198.18.7.11:7411]\n"
                        + "  l2: {garpCount: 0}\n  vipLeaseMs: 100\n  renewIntervalMs: 80\n"
                        + "  dataDir: relative/dir\n  bogus: 1\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("t.yaml:4:11: election.nodeId: 198.18.7.14:7411 is not among")
        .hasMessageContaining("election.peers[1]: must be address:port")
        .hasMessageContaining("election.peers[2]: peer 198.18.7.11:7411 listed twice")
        .hasMessageContaining("election.l2.interface: is required")
        .hasMessageContaining("election.l2.garpCount: must be between 1 and 100")
        .hasMessageContaining("t.yaml:8:20: election.renewIntervalMs: must be at most half")
        .hasMessageContaining("election.dataDir: must be an absolute path")
        .hasMessageContaining("unknown field 'bogus'");
  }

  @Test
  void ipv6RaftEndpointsAreRefused() {
    assertThatThrownBy(
            () ->
                parse(
                    BASE
                        + "election:\n  enabled: true\n  nodeId: '[2001:db8::1]:7411'\n"
                        + "  peers: ['[2001:db8::1]:7411']\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("election.nodeId: Raft endpoints must be IPv4");
  }
}
