package io.fulcrum.healthcheck.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.healthcheck.CheckType;
import io.fulcrum.healthcheck.TargetKey;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SCTP against the test's own raw-socket responder; neither namespace's kernel speaks SCTP. */
class SctpProbeIT extends NamespaceProbeBase {

  @ParameterizedTest(name = "ipv4={0}")
  @ValueSource(booleans = {true, false})
  void abortIsAFailureAndInitAckASuccess(boolean ipv4) throws IOException {
    int port = ipv4 ? 3901 : 3902;
    try (SctpResponder r = new SctpResponder(port, rig.serverThreads())) {
      TargetKey key = watch("sctp-abort", ipv4, port, settings(CheckType.SCTP).build());
      breakAndRepair(
          key,
          () -> r.mode = SctpResponder.Mode.ABORT,
          () -> r.mode = SctpResponder.Mode.ACCEPT,
          "abort");
      assertThat(r.inits).isGreaterThan(4);
    }
  }

  @ParameterizedTest(name = "ipv4={0}")
  @ValueSource(booleans = {true, false})
  void killedResponderTimesOut(boolean ipv4) throws IOException {
    int port = ipv4 ? 3903 : 3904;
    AtomicReference<SctpResponder> r =
        new AtomicReference<>(new SctpResponder(port, rig.serverThreads()));
    try {
      TargetKey key = watch("sctp-kill", ipv4, port, settings(CheckType.SCTP).build());
      breakAndRepair(
          key,
          () -> r.get().close(),
          () -> {
            try {
              r.set(new SctpResponder(port, rig.serverThreads()));
            } catch (IOException e) {
              throw new IllegalStateException(e);
            }
          },
          "timeout");
    } finally {
      r.get().close();
    }
  }

  @ParameterizedTest(name = "ipv4={0}")
  @ValueSource(booleans = {true, false})
  void blackholedResponderTimesOut(boolean ipv4) throws IOException {
    int port = ipv4 ? 3905 : 3906;
    try (SctpResponder r = new SctpResponder(port, rig.serverThreads())) {
      TargetKey key = watch("sctp-drop", ipv4, port, settings(CheckType.SCTP).build());
      breakAndRepair(
          key, () -> rig.blackhole("meta l4proto sctp th dport " + port), rig::heal, "timeout");
      assertThat(r.inits).isPositive();
    }
  }
}
