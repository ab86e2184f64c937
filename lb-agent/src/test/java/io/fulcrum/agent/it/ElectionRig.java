package io.fulcrum.agent.it;

import io.fulcrum.testrig.Capabilities;
import io.fulcrum.testrig.Sh;
import io.fulcrum.testrig.election.AgentCluster;
import io.fulcrum.testrig.election.AgentNode;
import io.fulcrum.testrig.election.ElectionCluster;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/** Shared steps of the tests running three real agents with the election enabled. */
final class ElectionRig {
  static final Path JAR = Path.of("target", "fulcrum-agent.jar").toAbsolutePath();

  /**
   * Timings of the behaviour tests: slower than the defaults, so that a loaded machine's stalls do
   * not make leases lapse. Speed is measured by bench/failover.sh, not here.
   */
  static final String TEST_TIMINGS =
      "  electionTimeoutMs: 600\n  vipLeaseMs: 500\n  renewIntervalMs: 100\n";

  private static final Pattern REPLY =
      Pattern.compile("^(\\d+\\.\\d+) .*Reply " + Pattern.quote(AgentCluster.VIP) + " is-at");

  private ElectionRig() {}

  static void requireTools() {
    Capabilities.requireKernelTestRig();
    for (String tool : List.of("ping", "tcpdump", "curl", "python3", "nsenter", "ethtool")) {
      if (!Sh.run(List.of("sh", "-c", "command -v " + tool)).ok()) {
        throw new IllegalStateException(tool + " missing: run scripts/setup.sh as root");
      }
    }
  }

  static ConditionFactory await(int seconds) {
    return Awaitility.await()
        .atMost(Duration.ofSeconds(seconds))
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions();
  }

  /**
   * Waits until exactly one agent (not {@code old}) answers for the VIP, the client's kernel
   * resolves the VIP to that node's MAC and an HTTP request through the data plane succeeds.
   */
  static AgentNode settledOwnerOtherThan(AgentCluster c, AgentNode old, int seconds) {
    AtomicReference<AgentNode> owner = new AtomicReference<>();
    await(seconds)
        .until(
            () -> {
              List<AgentNode> o = c.reportedOwners();
              if (o.size() != 1 || o.get(0) == old) {
                return false;
              }
              String body = c.clientGet();
              if (!body.startsWith("backend-")) {
                return false;
              }
              if (!o.get(0).mac().equalsIgnoreCase(c.clientNeighbourMac())) {
                return false;
              }
              owner.set(o.get(0));
              return true;
            });
    return owner.get();
  }

  /** Epoch seconds of every ARP reply for the VIP in the capture. */
  static List<Double> arpReplyTimes(File pcap) {
    List<Double> t = new ArrayList<>();
    for (String line : ElectionCluster.readCapture(pcap)) {
      Matcher m = REPLY.matcher(line);
      if (m.find()) {
        t.add(Double.parseDouble(m.group(1)));
      }
    }
    return t;
  }
}
