package io.fulcrum.agent.metrics;

import io.fulcrum.agent.config.Addresses;
import io.fulcrum.agent.reconcile.Specs;
import io.fulcrum.datapath.Backend;
import io.fulcrum.datapath.Counters;
import io.fulcrum.datapath.Datapath;
import io.fulcrum.datapath.DropReason;
import io.fulcrum.datapath.MapUsage;
import io.fulcrum.datapath.ServiceKey;
import io.fulcrum.datapath.ServiceSpec;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Reads the data plane's counters at scrape time and renders them as Prometheus families. The set
 * of services and backends changes at run time, so these are produced per scrape instead of being
 * registered as one meter each (10,000 services with 10 backends would otherwise be 330,000
 * meters).
 */
public final class DatapathCollector implements MultiCollector {
  private final Datapath datapath;
  private final Supplier<Map<ServiceKey, ServiceSpec>> programmed;
  private final Function<ServiceKey, String> names;

  public DatapathCollector(
      Datapath datapath,
      Supplier<Map<ServiceKey, ServiceSpec>> programmed,
      Function<ServiceKey, String> names) {
    this.datapath = datapath;
    this.programmed = programmed;
    this.names = names;
  }

  @Override
  public MetricSnapshots collect() {
    Map<ServiceKey, ServiceSpec> services = programmed.get();
    CounterSnapshot.Builder svcPackets = counter("fulcrum_service_packets", "Packets to a service");
    CounterSnapshot.Builder svcBytes = counter("fulcrum_service_bytes", "Bytes to a service");
    CounterSnapshot.Builder svcFlows =
        counter("fulcrum_service_new_flows", "New flows to a service");
    CounterSnapshot.Builder bePackets = counter("fulcrum_backend_packets", "Packets to a backend");
    CounterSnapshot.Builder beBytes = counter("fulcrum_backend_bytes", "Bytes to a backend");
    CounterSnapshot.Builder beFlows =
        counter("fulcrum_backend_new_flows", "New flows to a backend");
    GaugeSnapshot.Builder beUp =
        GaugeSnapshot.builder()
            .name("fulcrum_backend_up")
            .help("1 when the backend takes new flows (state UP and weight > 0), else 0");
    for (Map.Entry<ServiceKey, ServiceSpec> e : services.entrySet()) {
      ServiceKey key = e.getKey();
      String name = names.apply(key);
      Labels sl = serviceLabels(name, key);
      Counters c = datapath.serviceCounters(key);
      svcPackets.dataPoint(point(sl, c.packets()));
      svcBytes.dataPoint(point(sl, c.bytes()));
      svcFlows.dataPoint(point(sl, c.newFlows()));
      Map<InetSocketAddress, Counters> per = datapath.backendCounters(key);
      for (Backend b : e.getValue().backends()) {
        InetSocketAddress addr = new InetSocketAddress(b.address(), b.port());
        Labels bl = Labels.of("service", name, "backend", Specs.text(addr));
        Counters bc = per.getOrDefault(addr, Counters.ZERO);
        bePackets.dataPoint(point(bl, bc.packets()));
        beBytes.dataPoint(point(bl, bc.bytes()));
        beFlows.dataPoint(point(bl, bc.newFlows()));
        beUp.dataPoint(
            GaugeSnapshot.GaugeDataPointSnapshot.builder()
                .labels(bl)
                .value(b.takesNewFlows() ? 1 : 0)
                .build());
      }
    }
    CounterSnapshot.Builder drops =
        counter("fulcrum_drops", "Packets the data plane dropped, by reason");
    for (Map.Entry<DropReason, Long> d : datapath.drops().entrySet()) {
      drops.dataPoint(
          point(Labels.of("reason", d.getKey().name().toLowerCase(Locale.ROOT)), d.getValue()));
    }
    GaugeSnapshot.Builder fill =
        GaugeSnapshot.builder().name("fulcrum_map_fill_ratio").help("Used entries / capacity");
    GaugeSnapshot.Builder used =
        GaugeSnapshot.builder().name("fulcrum_map_entries").help("Used entries of a BPF map");
    GaugeSnapshot.Builder cap =
        GaugeSnapshot.builder().name("fulcrum_map_capacity").help("Capacity of a BPF map");
    for (MapUsage u : datapath.mapUsage()) {
      Labels ml = Labels.of("map", u.map());
      fill.dataPoint(gauge(ml, u.fillRatio()));
      used.dataPoint(gauge(ml, u.used()));
      cap.dataPoint(gauge(ml, u.capacity()));
    }
    GaugeSnapshot conntrack =
        GaugeSnapshot.builder()
            .name("fulcrum_conntrack_entries")
            .help("Tracked flows")
            .dataPoint(gauge(Labels.EMPTY, datapath.flowCount()))
            .build();
    GaugeSnapshot count =
        GaugeSnapshot.builder()
            .name("fulcrum_services")
            .help("Services programmed in the data plane")
            .dataPoint(gauge(Labels.EMPTY, services.size()))
            .build();
    return MetricSnapshots.of(
        svcPackets.build(),
        svcBytes.build(),
        svcFlows.build(),
        bePackets.build(),
        beBytes.build(),
        beFlows.build(),
        beUp.build(),
        drops.build(),
        fill.build(),
        used.build(),
        cap.build(),
        conntrack,
        count);
  }

  private static Labels serviceLabels(String name, ServiceKey key) {
    return Labels.of(
        "service",
        name,
        "vip",
        Addresses.text(key.vip()),
        "port",
        Integer.toString(key.port()),
        "protocol",
        key.protocol().name().toLowerCase(Locale.ROOT));
  }

  private static CounterSnapshot.Builder counter(String name, String help) {
    return CounterSnapshot.builder().name(name).help(help);
  }

  private static CounterSnapshot.CounterDataPointSnapshot point(Labels l, double v) {
    return CounterSnapshot.CounterDataPointSnapshot.builder().labels(l).value(v).build();
  }

  private static GaugeSnapshot.GaugeDataPointSnapshot gauge(Labels l, double v) {
    return GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(l).value(v).build();
  }
}
