package io.fulcrum.kubernetes;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fulcrum.kubernetes.desired.EventSpec;
import io.fulcrum.kubernetes.desired.StatusPatch;
import io.fulcrum.kubernetes.pool.FulcrumIPPool;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes Service status (ingress and conditions replaced whole, on the latest version of the
 * Service) and core/v1 Events through the API server.
 */
public final class KubernetesStatusWriter implements StatusWriter {
  private static final Logger LOG = LoggerFactory.getLogger(KubernetesStatusWriter.class);
  static final Duration EVENT_DEDUP = Duration.ofMinutes(10);
  private static final int EVENT_MEMORY = 10_000;

  private final KubernetesClient client;
  private final Clock clock;
  private final Map<String, Instant> recent =
      new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
          return size() > EVENT_MEMORY;
        }
      };

  public KubernetesStatusWriter(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  @Override
  public boolean write(StatusPatch patch) {
    try {
      // read the latest, replace ingress and conditions, send the difference as a JSON patch
      client
          .services()
          .inNamespace(patch.service().namespace())
          .withName(patch.service().name())
          .editStatus(
              latest ->
                  new ServiceBuilder(latest)
                      .editOrNewStatus()
                      .withNewLoadBalancer()
                      .withIngress(patch.ingress())
                      .endLoadBalancer()
                      .withConditions(patch.conditions())
                      .endStatus()
                      .build());
      return true;
    } catch (KubernetesClientException e) {
      LOG.warn("status of {} not written: {}", patch.service(), e.getMessage());
      return false;
    }
  }

  @Override
  public synchronized void record(EventSpec e) {
    Instant now = clock.instant();
    String key =
        e.kind() + "|" + e.namespace() + "|" + e.name() + "|" + e.reason() + "|" + e.message();
    Instant last = recent.get(key);
    if (last != null && Duration.between(last, now).compareTo(EVENT_DEDUP) < 0) {
      return;
    }
    String ns = e.namespace().isEmpty() ? "default" : e.namespace();
    String time =
        DateTimeFormatter.ISO_INSTANT.format(
            now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    Event event =
        new EventBuilder()
            .withNewMetadata()
            .withNamespace(ns)
            .withGenerateName(e.name() + ".")
            .endMetadata()
            .withNewInvolvedObject()
            .withKind(e.kind())
            .withApiVersion(
                e.kind().equals("Service")
                    ? "v1"
                    : FulcrumIPPool.GROUP + "/" + FulcrumIPPool.VERSION)
            .withNamespace(e.namespace().isEmpty() ? null : e.namespace())
            .withName(e.name())
            .withUid(e.uid())
            .endInvolvedObject()
            .withType(e.type())
            .withReason(e.reason())
            .withMessage(e.message())
            .withNewSource()
            .withComponent("fulcrum")
            .endSource()
            .withReportingComponent("fulcrum.io/lb")
            .withFirstTimestamp(time)
            .withLastTimestamp(time)
            .withCount(1)
            .build();
    try {
      client.v1().events().inNamespace(ns).resource(event).create();
      recent.put(key, now);
    } catch (KubernetesClientException ex) {
      LOG.warn("event {} on {}/{} not recorded: {}", e.reason(), ns, e.name(), ex.getMessage());
    }
  }
}
