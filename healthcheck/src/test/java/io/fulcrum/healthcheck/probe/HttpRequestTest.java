package io.fulcrum.healthcheck.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpRequestTest {

  @Test
  void keptConnectionRequestAsksForNoClose() {
    String r =
        new String(
            HttpProber.request("GET", "/healthz", "198.18.0.2:80", true),
            StandardCharsets.US_ASCII);
    assertThat(r)
        .isEqualTo(
            "GET /healthz HTTP/1.1\r\nHost: 198.18.0.2:80\r\nUser-Agent: fulcrum-healthcheck\r\n"
                + "Accept: */*\r\n\r\n");
  }

  @Test
  void oneShotRequestAsksTheServerToClose() {
    String r =
        new String(
            HttpProber.request("HEAD", "/", "[2001:db8::2]:443", false), StandardCharsets.US_ASCII);
    assertThat(r).startsWith("HEAD / HTTP/1.1\r\nHost: [2001:db8::2]:443\r\n");
    assertThat(r).endsWith("Connection: close\r\n\r\n");
  }
}
