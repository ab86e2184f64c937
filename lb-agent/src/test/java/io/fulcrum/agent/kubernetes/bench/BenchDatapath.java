package io.fulcrum.agent.kubernetes.bench;

import io.fulcrum.datapath.BpfDatapath;
import io.fulcrum.datapath.Datapath;
import io.fulcrum.datapath.DatapathConfig;
import java.nio.file.Path;

/** The real XDP data plane for the benchmark: maps pinned under a run-unique root, no interface. */
final class BenchDatapath {
  private BenchDatapath() {}

  static Datapath open(String pinRoot, int services, int endpoints) {
    int backends = Math.max(16384, services * endpoints * 5 / 4);
    // a service takes more than one entry of fl_services (its VIP has one of its own);
    // Maglev tables default to a prime of at least 100 entries per backend
    int ring = Math.max(1 << 20, Math.min(16 << 20, services * (endpoints * 100 + 200)));
    DatapathConfig config =
        DatapathConfig.defaults("kbench")
            .withPinRoot(Path.of(pinRoot))
            .withSizes(Math.max(1024, services * 3), backends, 65536, ring);
    return BpfDatapath.open(config);
  }

  static void destroy(Datapath dp) {
    ((BpfDatapath) dp).destroy();
  }
}
