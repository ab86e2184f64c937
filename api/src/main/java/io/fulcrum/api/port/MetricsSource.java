package io.fulcrum.api.port;

/** Port: a Prometheus text exposition for {@code /metrics}. */
public interface MetricsSource {
  /** Content type of {@link #scrape()}. */
  String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  String scrape();

  /** A source with no metrics, for an API running without a registry. */
  MetricsSource EMPTY = () -> "";
}
