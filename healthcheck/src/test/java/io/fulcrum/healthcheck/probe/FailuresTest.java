package io.fulcrum.healthcheck.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.DecoderException;
import java.net.ConnectException;
import java.net.PortUnreachableException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class FailuresTest {

  @Test
  void namesTheCommonFailuresShortly() {
    assertThat(
            Failures.reason(new ConnectException("finishConnect(..) failed: Connection refused")))
        .isEqualTo("refused");
    assertThat(Failures.reason(new ConnectTimeoutException("connection timed out after 100 ms")))
        .isEqualTo("timeout");
    assertThat(Failures.reason(new PortUnreachableException("x"))).isEqualTo("port unreachable");
    assertThat(Failures.reason(new ConnectException("connect(..) failed: No route to host")))
        .isEqualTo("no route to host");
    assertThat(
            Failures.reason(
                new DecoderException(new SSLHandshakeException("PKIX path building failed"))))
        .isEqualTo("tls: PKIX path building failed");
    assertThat(UdpProber.udpReason(new ConnectException("Connection refused")))
        .isEqualTo("port unreachable");
  }
}
