package io.fulcrum.healthcheck;

import io.fulcrum.healthcheck.probe.HttpProber;
import io.fulcrum.healthcheck.probe.NettyTransport;
import io.fulcrum.healthcheck.probe.PingProber;
import io.fulcrum.healthcheck.probe.ProbeAttempt;
import io.fulcrum.healthcheck.probe.Prober;
import io.fulcrum.healthcheck.probe.SctpProber;
import io.fulcrum.healthcheck.probe.TcpProber;
import io.fulcrum.healthcheck.probe.TlsContexts;
import io.fulcrum.healthcheck.probe.UdpProber;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The active health-check engine: probes registered targets on Netty event loops (no thread per
 * target), each loop driving its own timer wheel, and keeps rise/fall state per target. Every state
 * change is logged (one line with the reason), counted, and sent to the listeners as a {@link
 * TargetStateChanged}. A target that cannot be reached or resolved only fails its own probe.
 *
 * <p>Thread-safe: {@link #upsert}, {@link #remove} and the readers may be called from any thread.
 */
public final class HealthCheckEngine implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HealthCheckEngine.class);

  private final NettyTransport transport;
  private final Map<EventLoop, LoopWheel> wheels = new HashMap<>();
  private final LongSupplier clock;
  private final Random random;
  private final ExecutorService resolver;
  private final TlsContexts tls = new TlsContexts();
  private final PingProber ping;
  private final SctpProber sctp;
  private final Map<CheckType, Prober> probers = new EnumMap<>(CheckType.class);
  private final Map<TargetKey, TargetRuntime> targets = new ConcurrentHashMap<>();
  private final List<HealthListener> listeners = new CopyOnWriteArrayList<>();
  private final AtomicInteger targetCount = new AtomicInteger();
  private final HealthMetrics metrics;
  private volatile boolean closed;

  /** An engine with {@link EngineOptions#defaults()}. */
  public HealthCheckEngine(MeterRegistry registry) {
    this(registry, EngineOptions.defaults());
  }

  public HealthCheckEngine(MeterRegistry registry, EngineOptions options) {
    this.clock = options.clock();
    this.random = new Random(options.seed());
    this.metrics = new HealthMetrics(registry, targetCount);
    this.transport = NettyTransport.create(options.eventLoops(), options.threadFactory());
    for (EventExecutor e : transport.group()) {
      EventLoop loop = (EventLoop) e;
      // built on the loop: the wheel is confined to it
      wheels.put(
          loop,
          loop.submit(
                  () ->
                      new LoopWheel(
                          loop, TimeUnit.MILLISECONDS.toNanos(options.tickMillis()), 1024, clock))
              .syncUninterruptibly()
              .getNow());
    }
    this.resolver = Executors.newSingleThreadExecutor(options.threadFactory());
    this.ping = new PingProber(options.threadFactory(), clock, random.nextInt());
    this.sctp = new SctpProber(options.threadFactory(), clock, random);
    probers.put(CheckType.PING, ping);
    probers.put(CheckType.TCP, new TcpProber(transport, options.tcpHalfOpen(), clock));
    probers.put(CheckType.UDP, new UdpProber(transport));
    probers.put(CheckType.SCTP, sctp);
    HttpProber http = new HttpProber(transport, tls);
    probers.put(CheckType.HTTP, http);
    probers.put(CheckType.HTTPS, http);
    LOG.info("health-check engine started ({} transport)", transport.name());
  }

  /** Adds a listener of state changes (called on an event-loop thread; must not block). */
  public void addListener(HealthListener l) {
    listeners.add(l);
  }

  public void removeListener(HealthListener l) {
    listeners.remove(l);
  }

  /**
   * Registers a target or changes its spec. Bad settings (e.g. an unreadable CA file) are refused
   * with an {@link InvalidSettingsException} and change nothing. A changed spec keeps the target's
   * state, restarts its run of results and picks a new probe phase; an equal spec changes nothing.
   */
  public void upsert(TargetKey key, TargetSpec spec) {
    if (closed) {
      throw new IllegalStateException("health-check engine is closed");
    }
    if (spec.settings().type() == CheckType.HTTPS) {
      tls.forSettings(spec.settings()); // refuse an unusable CA file now, not at probe time
    }
    targets.compute(
        key,
        (k, old) -> {
          if (old == null) {
            EventLoop loop = transport.group().next();
            TargetRuntime t = new TargetRuntime(k, loop, wheels.get(loop), spec, clock);
            t.upGauge = metrics.upGauge(k, t.up);
            targetCount.incrementAndGet();
            t.loop.execute(() -> startSchedule(t));
            return t;
          }
          old.loop.execute(() -> update(old, spec));
          return old;
        });
  }

  /** Stops probing a target and drops its state and metrics; false if it was unknown. */
  public boolean remove(TargetKey key) {
    TargetRuntime t = targets.remove(key);
    if (t == null) {
      return false;
    }
    targetCount.decrementAndGet();
    t.loop.execute(
        () -> {
          t.removed = true;
          t.generation++;
          t.slot.close();
          metrics.remove(t.upGauge);
        });
    return true;
  }

  /** The current status of a target, if registered. */
  public Optional<TargetStatus> status(TargetKey key) {
    TargetRuntime t = targets.get(key);
    return t == null ? Optional.empty() : Optional.of(t.health.status());
  }

  /** A snapshot of every target's status. */
  public Map<TargetKey, TargetStatus> statuses() {
    Map<TargetKey, TargetStatus> out = new HashMap<>();
    targets.forEach((k, t) -> out.put(k, t.health.status()));
    return out;
  }

  /** Number of registered targets. */
  public int size() {
    return targets.size();
  }

  private void update(TargetRuntime t, TargetSpec spec) {
    if (t.removed || spec.equals(t.spec)) {
      return;
    }
    t.setSpec(spec);
    t.generation++;
    t.slot.close();
    t.activeProbe = 0;
    t.health.reconfigure(spec.settings().rise(), spec.settings().fall());
    startSchedule(t);
  }

  /** Starts a target's schedule: its first slot at a random phase within the interval. */
  private void startSchedule(TargetRuntime t) {
    if (t.removed || closed) {
      return;
    }
    CheckSettings s = t.spec.settings();
    t.schedule = new TargetSchedule(s);
    t.schedule.first(clock.getAsLong(), s.jitter(), random);
    arm(t);
  }

  /** Arms the wheel for the target's next slot; a slot armed before is void. */
  private void arm(TargetRuntime t) {
    int token = ++t.armed;
    t.wheel.schedule(t.schedule.nextDue(), new Slot(t, t.generation, token));
  }

  /**
   * A target's armed slot on the wheel. The per-probe paths use small classes, not lambdas: with
   * the C1 compiler only (the agent's JVM options) a capturing lambda is allocated through a method
   * handle and a runtime call.
   */
  private final class Slot implements Runnable {
    private final TargetRuntime t;
    private final int gen;
    private final int token;

    Slot(TargetRuntime t, int gen, int token) {
      this.t = t;
      this.gen = gen;
      this.token = token;
    }

    @Override
    public void run() {
      fire(t, gen, token);
    }
  }

  /** Where one probe's result goes. */
  private final class ResultSink implements Consumer<ProbeResult> {
    private final TargetRuntime t;
    private final int gen;
    private final long seq;
    private final CheckType type;

    ResultSink(TargetRuntime t, int gen, long seq, CheckType type) {
      this.t = t;
      this.gen = gen;
      this.seq = seq;
      this.type = type;
    }

    @Override
    public void accept(ProbeResult r) {
      onResult(t, gen, seq, type, r);
    }
  }

  private void fire(TargetRuntime t, int gen, int token) {
    if (t.removed || gen != t.generation || token != t.armed || closed) {
      return;
    }
    t.schedule.fired(clock.getAsLong());
    arm(t);
    if (t.activeProbe != 0) {
      return; // the previous probe is still running (only possible when the loop stalled)
    }
    long seq = ++t.probeCounter;
    t.activeProbe = seq;
    TargetSpec spec = t.spec;
    long start = clock.getAsLong();
    if (t.literalRemote != null) {
      startProbe(t, gen, seq, spec, t.literalRemote, start);
      return;
    }
    resolver.execute(
        () -> {
          InetAddress addr;
          try {
            addr = InetAddress.getByName(spec.host());
          } catch (UnknownHostException | SecurityException e) {
            t.loop.execute(
                () ->
                    onResult(
                        t,
                        gen,
                        seq,
                        spec.settings().type(),
                        ProbeResult.failed(
                            "unresolvable: " + spec.host(), clock.getAsLong() - start)));
            return;
          }
          InetSocketAddress remote = new InetSocketAddress(addr, spec.probePort());
          t.loop.execute(() -> startProbe(t, gen, seq, spec, remote, start));
        });
  }

  private void startProbe(
      TargetRuntime t, int gen, long seq, TargetSpec spec, InetSocketAddress remote, long start) {
    CheckType type = spec.settings().type();
    ProbeAttempt a =
        new ProbeAttempt(
            t.loop,
            remote,
            spec.settings(),
            clock,
            start,
            t.slot,
            new ResultSink(t, gen, seq, type));
    a.armTimeout(t.wheel);
    try {
      probers.get(type).start(a);
    } catch (RuntimeException e) {
      LOG.warn("probe of {} failed to start", t.key, e);
      a.fail("probe error: " + e);
    }
  }

  private void onResult(TargetRuntime t, int gen, long seq, CheckType type, ProbeResult r) {
    metrics.probe(type, r);
    if (t.removed || gen != t.generation || seq != t.activeProbe) {
      return;
    }
    t.activeProbe = 0;
    if (LOG.isDebugEnabled()) {
      LOG.debug("probe {}: {} in {} us", t.key, r.reason(), r.durationNanos() / 1000);
    }
    TargetStateChanged event = t.health.record(r);
    if (t.schedule.resulted(clock.getAsLong(), t.health.inTransition())) {
      arm(t); // in transition: the next probe at the fast interval
    }
    if (event == null) {
      return;
    }
    HealthState to = event.to();
    TargetStatus now = t.health.status();
    t.up.set(to == HealthState.UP ? 1 : 0);
    metrics.stateChange(t.key, to);
    int run = r.success() ? now.consecutiveSuccesses() : now.consecutiveFailures();
    LOG.info(
        "health {} {} -> {}: {} ({} consecutive, {} {}:{})",
        t.key,
        event.from(),
        to,
        r.reason(),
        run,
        type.label(),
        t.spec.host(),
        t.spec.probePort());
    for (HealthListener l : listeners) {
      try {
        l.onStateChange(event);
      } catch (RuntimeException e) {
        LOG.warn("health listener failed on {}", event, e);
      }
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (Map.Entry<EventLoop, LoopWheel> w : wheels.entrySet()) {
      w.getKey().execute(w.getValue()::stop);
    }
    ping.close();
    sctp.close();
    resolver.shutdownNow();
    transport.group().shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5_000);
  }
}
