package io.fulcrum.kubernetes.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IpRangeTest {

  @Test
  void parsesIpv4AndIpv6CidrsAndRanges() {
    IpRange v4 = IpRange.parse("198.18.0.0/24");
    assertThat(v4.family()).isEqualTo(IpFamily.IPV4);
    assertThat(v4.size()).isEqualTo(BigInteger.valueOf(256));
    assertThat(v4.contains(IpAddresses.parseLiteral("198.18.0.255"))).isTrue();
    assertThat(v4.contains(IpAddresses.parseLiteral("198.18.1.0"))).isFalse();
    IpRange v6 = IpRange.parse("2001:db8::/120");
    assertThat(v6.family()).isEqualTo(IpFamily.IPV6);
    assertThat(v6.contains(IpAddresses.parseLiteral("2001:db8::ff"))).isTrue();
    assertThat(v6.contains(IpAddresses.parseLiteral("198.18.0.1"))).isFalse();
    assertThat(IpRange.parse("198.18.0.10-198.18.0.20").size()).isEqualTo(BigInteger.valueOf(11));
    assertThat(IpRange.parse("198.18.0.3").size()).isEqualTo(BigInteger.ONE);
  }

  @Test
  void rejectsBadRangesWithAClearMessage() {
    assertThatThrownBy(() -> IpRange.parse("198.18.0.1/24")).hasMessageContaining("host bits");
    assertThatThrownBy(() -> IpRange.parse("198.18.0.20-198.18.0.10"))
        .hasMessageContaining("after");
    assertThatThrownBy(() -> IpRange.parse("198.18.0.1-2001:db8::1")).hasMessageContaining("mixes");
    assertThatThrownBy(() -> IpRange.parse("example.com")).hasMessageContaining("not an IP");
    assertThatThrownBy(() -> IpRange.parse("198.18.0.0/33")).hasMessageContaining("prefix");
    assertThatThrownBy(() -> IpRange.parse("198.18.0.256")).hasMessageContaining("not an IP");
  }

  @Test
  void selectorMatchesLabelsAndExpressions() {
    Selector s =
        new Selector(
            Map.of("app", "web"),
            List.of(
                new Selector.Requirement("tier", "In", Set.of("gold", "silver")),
                new Selector.Requirement("legacy", "DoesNotExist", Set.of())));
    assertThat(s.matches(Map.of("app", "web", "tier", "gold"))).isTrue();
    assertThat(s.matches(Map.of("app", "web", "tier", "bronze"))).isFalse();
    assertThat(s.matches(Map.of("app", "web", "tier", "gold", "legacy", "x"))).isFalse();
    assertThat(Selector.EVERYTHING.matches(null)).isTrue();
    assertThatThrownBy(() -> new Selector.Requirement("a", "Near", Set.of()))
        .hasMessageContaining("Near");
  }
}
