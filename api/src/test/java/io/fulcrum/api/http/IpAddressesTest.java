package io.fulcrum.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IpAddressesTest {
  static String canon(String s) {
    return IpAddresses.canonical(IpAddresses.parse(s).orElseThrow());
  }

  @Test
  void ipv6IsWrittenTheRfc5952Way() {
    assertThat(canon("2001:DB8:0:0:0:0:0:1")).isEqualTo("2001:db8::1");
    assertThat(canon("2001:db8:0:0:1:0:0:1")).isEqualTo("2001:db8::1:0:0:1");
    assertThat(canon("2001:db8:0:1:1:1:1:1")).isEqualTo("2001:db8:0:1:1:1:1:1");
    assertThat(canon("::1")).isEqualTo("::1");
    assertThat(canon("2001:db8::")).isEqualTo("2001:db8::");
    assertThat(canon("0:0:1:0:0:0:0:1")).isEqualTo("0:0:1::1");
  }

  @Test
  void ipv4StaysDottedQuad() {
    assertThat(canon("198.18.0.1")).isEqualTo("198.18.0.1");
    assertThat(canon("::ffff:198.18.0.1")).isEqualTo("198.18.0.1");
  }

  @Test
  void namesAndJunkAreNotAddresses() {
    assertThat(IpAddresses.parse("localhost")).isEmpty();
    assertThat(IpAddresses.parse("example.com")).isEmpty();
    assertThat(IpAddresses.parse("1.2.3")).isEmpty();
    assertThat(IpAddresses.parse("01.2.3.4")).isEmpty();
    assertThat(IpAddresses.parse("fe80::1%eth0")).isEmpty();
    assertThat(IpAddresses.parse("2001:db8:::1")).isEmpty();
    assertThat(IpAddresses.parse("")).isEmpty();
  }

  @Test
  void suspiciousPathsAreRecognised() {
    assertThat(ApiServer.suspiciousPath("/api/v1/services/web")).isFalse();
    assertThat(ApiServer.suspiciousPath("/api/v1/services/../x")).isTrue();
    assertThat(ApiServer.suspiciousPath("/api/v1/services/%2E%2e")).isTrue();
    assertThat(ApiServer.suspiciousPath("/api/v1/services/a%2fb")).isTrue();
    assertThat(ApiServer.suspiciousPath("/api/v1/services/..")).isTrue();
  }
}
