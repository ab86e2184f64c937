package io.fulcrum.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class FieldsAddressTest {
  // the pattern the parser used before its hand-written dotted-quad reader
  private static final Pattern IPV4 =
      Pattern.compile(
          "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

  @Test
  void dottedQuadAcceptsExactlyWhatTheIpv4PatternAccepts() throws Exception {
    String[] samples = {
      "0.0.0.0",
      "198.18.0.1",
      "255.255.255.255",
      "256.1.1.1",
      "1.2.3",
      "1.2.3.4.5",
      "01.2.3.4",
      "1.2.3.04",
      "1.2.3.4.",
      ".1.2.3",
      "1..2.3",
      "1.2.3.a",
      "a.b.c.d",
      "",
      "1.2.3.1000",
      "199.9.9.9",
      "249.250.251.252",
      "260.0.0.0",
      "300.0.0.0",
      "1.2.3.4 ",
      "+1.2.3.4",
      "1.2.3.-4",
      "00.0.0.0",
    };
    for (String s : samples) {
      byte[] b = Fields.dottedQuad(s);
      assertThat(b != null).as(s).isEqualTo(IPV4.matcher(s).matches());
      if (b != null) {
        assertThat(InetAddress.getByAddress(b)).isEqualTo(InetAddress.getByName(s));
      }
    }
  }

  @Test
  void addressesParseAsLiteralsOnly() {
    assertThat(Fields.parseAddress("198.18.0.1")).hasToString("/198.18.0.1");
    assertThat(Fields.parseAddress("2001:db8::1")).isNotNull();
    assertThat(Fields.parseAddress("example.com")).isNull();
    assertThat(Fields.parseAddress("198.18.0.256")).isNull();
  }
}
