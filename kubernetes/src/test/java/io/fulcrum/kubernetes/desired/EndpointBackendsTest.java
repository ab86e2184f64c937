package io.fulcrum.kubernetes.desired;

import static io.fulcrum.kubernetes.Fixtures.ep;
import static io.fulcrum.kubernetes.Fixtures.port;
import static io.fulcrum.kubernetes.Fixtures.ready;
import static io.fulcrum.kubernetes.Fixtures.slice;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.discovery.v1.EndpointConditions;
import io.fulcrum.datapath.Backend;
import io.fulcrum.datapath.BackendState;
import io.fulcrum.kubernetes.pool.IpAddresses;
import io.fulcrum.kubernetes.pool.IpFamily;
import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointBackendsTest {

  @Test
  void conditionsMapToStates() {
    assertThat(EndpointBackends.state(null)).isEqualTo(BackendState.UP);
    assertThat(EndpointBackends.state(new EndpointConditions(null, null, null)))
        .isEqualTo(BackendState.UP);
    assertThat(EndpointBackends.state(new EndpointConditions(true, true, false)))
        .isEqualTo(BackendState.UP);
    assertThat(EndpointBackends.state(new EndpointConditions(false, true, true)))
        .isEqualTo(BackendState.DRAINING);
    assertThat(EndpointBackends.state(new EndpointConditions(false, false, true))).isNull();
    assertThat(EndpointBackends.state(new EndpointConditions(false, null, false))).isNull();
  }

  @Test
  void sameEndpointInTwoSlicesCountsOnceAndReadyWins() {
    var a =
        slice(
            "default",
            "web",
            "web-1",
            "IPv4",
            "http",
            8080,
            ep("198.18.100.1", "n", false, true, true));
    var b = slice("default", "web", "web-2", "IPv4", "http", 8080, ready("198.18.100.1", "n"));
    List<Backend> out =
        EndpointBackends.backends(List.of(a, b), port("http", 80, "TCP"), IpFamily.IPV4, null);
    assertThat(out)
        .containsExactly(
            new Backend(IpAddresses.parseLiteral("198.18.100.1"), 8080, 1, BackendState.UP));
  }

  @Test
  void slicesOfTheOtherFamilyOrWithoutTheNamedPortAreIgnored() {
    var v6 = slice("default", "web", "web-6", "IPv6", "http", 8080, ready("2001:db8::1", "n"));
    var otherPort =
        slice("default", "web", "web-m", "IPv4", "metrics", 9100, ready("198.18.100.2", "n"));
    assertThat(
            EndpointBackends.backends(
                List.of(v6, otherPort), port("http", 80, "TCP"), IpFamily.IPV4, null))
        .isEmpty();
  }

  @Test
  void unnamedSinglePortMatchesAnUnnamedSlicePort() {
    var s = slice("default", "web", "web-1", "IPv4", null, 8080, ready("198.18.100.1", "n"));
    assertThat(EndpointBackends.backends(List.of(s), port(null, 80, "TCP"), IpFamily.IPV4, null))
        .hasSize(1);
  }

  @Test
  void udpServicePortDoesNotTakeATcpSlicePort() {
    var s = slice("default", "dns", "dns-1", "IPv4", "dns", 53, ready("198.18.100.1", "n"));
    assertThat(EndpointBackends.backends(List.of(s), port("dns", 53, "UDP"), IpFamily.IPV4, null))
        .isEmpty();
  }
}
