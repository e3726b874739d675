package dev.corral.gate.metrics;

import dev.corral.gate.config.GateConfig;
import dev.corral.gate.http.RequestObserver;
import dev.corral.gate.proxy.ConnectionStats;
import dev.corral.gate.proxy.HealthCheckListener;
import dev.corral.gate.proxy.LiveUpstream;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * A running gate's Prometheus metrics, served as {@code GET /metrics} on the admin listener ({@code admin_listen})
 * and never on a proxy port. Every name starts {@code corral_gate_}:
 *
 * <ul>
 *   <li>per request, through {@link #requests()}: requests by server, location, status class and upstream; request
 *       and upstream-try time histograms; bytes in and out; upstream tries, failures and retries;
 *       {@code limit_req} / {@code limit_conn} decisions per zone ({@link RequestMeters})</li>
 *   <li>connections, as {@code stub_status} counts them: {@code corral_gate_connections{state=active|reading|
 *       writing|waiting}}, {@code corral_gate_connections_accepted_total}, {@code …_handled_total},
 *       {@code corral_gate_connection_requests_total}</li>
 *   <li>upstream servers' state, read from the balancer at each scrape ({@link UpstreamGauges}), which shows
 *       what active health checks decided ({@code unhealthy}), and every health-check probe's result,
 *       {@code corral_gate_health_checks_total{upstream, server, result=pass|fail}} ({@link HealthCheckCounts})</li>
 *   <li>the gate JVM's memory, threads, CPU and uptime (Micrometer's binders: {@code jvm_…}, {@code process_…},
 *       {@code system_…})</li>
 * </ul>
 *
 * <p>Recording is switched by {@link #recording(boolean)}: the gate records only while an admin listener is
 * configured, so a gate without one pays one volatile read per request. Thread-safe.
 */
public final class GateMetrics {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final RequestMeters requests = new RequestMeters(registry);
  private final UpstreamGauges upstreams;
  private final HealthCheckCounts healthChecks = new HealthCheckCounts(registry);
  /** Held here because Micrometer holds a meter's source object only weakly. */
  private final Supplier<ConnectionStats> connections;
  private volatile boolean recording = true;
  /** The label values of the running configuration; replaced whole on reload. */
  private volatile MetricLabels labels = MetricLabels.empty();

  private GateMetrics(Supplier<ConnectionStats> connections,
      Supplier<? extends Map<String, LiveUpstream>> upstreams) {
    this.upstreams = new UpstreamGauges(registry, upstreams);
    this.connections = connections;
    connection("active", connections, ConnectionStats::active);
    connection("reading", connections, ConnectionStats::reading);
    connection("writing", connections, ConnectionStats::writing);
    connection("waiting", connections, ConnectionStats::waiting);
    FunctionCounter.builder("corral.gate.connections.accepted", connections, c -> c.get().accepted())
        .description("Client connections accepted").register(registry);
    FunctionCounter.builder("corral.gate.connections.handled", connections, c -> c.get().handled())
        .description("Client connections handled (accepted less those closed at once for worker_connections)")
        .register(registry);
    FunctionCounter.builder("corral.gate.connection.requests", connections, c -> c.get().requests())
        .description("Requests read from client connections, as stub_status counts them").register(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  /**
   * The metrics of a gate whose connections and upstreams are read from these, afresh at every scrape.
   *
   * @param connections the gate's connection counts ({@code GateEngine::connectionStats})
   * @param upstreams the running upstream groups by name ({@code GateEngine::liveUpstreams})
   */
  public static GateMetrics create(Supplier<ConnectionStats> connections,
      Supplier<? extends Map<String, LiveUpstream>> upstreams) {
    return new GateMetrics(connections, upstreams);
  }

  private void connection(String state, Supplier<ConnectionStats> counts, ToIntFunction<ConnectionStats> f) {
    Gauge.builder("corral.gate.connections", counts, c -> f.applyAsInt(c.get())).tag("state", state)
        .strongReference(true)
        .description("Client connections by state, as stub_status").register(registry);
  }

  /** Takes the label values of {@code config}, at start and after each reload that took effect. */
  public void configure(GateConfig config) {
    labels = MetricLabels.of(config);
  }

  MetricLabels labels() {
    return labels;
  }

  /** The observer that records each finished request; {@code GateEngine.observe} it once. */
  public RequestObserver observer() {
    return new RequestMetricsObserver(this);
  }

  /**
   * The listener that counts active health-check probes ({@code corral_gate_health_checks_total}); {@code
   * GateEngine.observeHealthChecks} it once. Counts whether or not {@link #recording()} is on.
   */
  public HealthCheckListener healthChecks() {
    return healthChecks;
  }

  /** The per-request recorder; its callers check {@link #recording()} first. */
  public RequestMeters requests() {
    return requests;
  }

  /** Whether requests are being recorded. */
  public boolean recording() {
    return recording;
  }

  /** Starts or stops recording requests (the gauges read at scrape time are unaffected). */
  public void recording(boolean on) {
    recording = on;
  }

  /**
   * The exposition text for a scrape whose {@code Accept} header is {@code accept} (null when absent): OpenMetrics
   * 1.0 when it asks for {@code application/openmetrics-text}, else Prometheus text 0.0.4.
   */
  public MetricsScrape scrape(String accept) {
    ScrapeFormat format = ScrapeFormat.negotiate(accept);
    upstreams.refresh();
    return new MetricsScrape(format.contentType(), registry.scrape(format.contentType()));
  }
}
