package dev.corral.pm.web;

import dev.corral.pm.process.InstanceView;
import dev.corral.pm.process.ProcessState;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;

/**
 * The process manager's metrics on a Micrometer Prometheus registry: per instance (tags {@code app}, {@code id},
 * {@code mode}) its CPU, memory (RSS of the whole process tree, from /proc), restarts, uptime, state and last exit
 * code, plus the daemon's own JVM figures (memory, GC, threads, classes, CPU, uptime, file descriptors).
 *
 * <pre>
 * corral_pm_instance_cpu_percent          gauge    CPU of the tree over the last sample, % of one core
 * corral_pm_instance_memory_bytes         gauge    resident memory of the tree
 * corral_pm_instance_restarts_total       counter  restarts since start (corral reset sets it back to 0)
 * corral_pm_instance_unstable_restarts    gauge    consecutive runs shorter than min_uptime
 * corral_pm_instance_uptime_seconds       gauge    since the current process started; 0 when none
 * corral_pm_instance_last_exit_code       gauge    the last exit code (128+N for signal N), -1 when none
 * corral_pm_instance_state{state=…}       gauge    1 for the instance's current state, 0 for the others
 * corral_pm_instances                     gauge    instances supervised
 * </pre>
 *
 * An instance's meters are registered when it first appears in {@link #update} and removed when it is gone, so a
 * deleted app leaves no stale series.
 *
 * <p>Thread-safety: {@link #update} is called by one thread (the dashboard's sampler); {@link #scrape} from any.
 */
public final class PmMetrics implements AutoCloseable {
  /** The Prometheus text format's content type (version 0.0.4). */
  public static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";
  /** The OpenMetrics text format's content type. */
  public static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gc = new JvmGcMetrics();
  // Written by update's thread, read by the gauges at scrape time: the latest view of each instance, by id.
  private final AtomicReference<Map<Integer, InstanceView>> latest = new AtomicReference<>(Map.of());
  // Owned by update's thread: each instance's meters.
  private final Map<Integer, List<Meter>> meters = new HashMap<>();

  public PmMetrics() {
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    Gauge.builder("corral.pm.instances", latest, l -> l.get().size())
        .description("Instances supervised by the daemon").register(registry);
  }

  /** Takes the instances' latest figures; registers meters for new instances and removes those of gone ones. */
  public void update(List<InstanceView> views) {
    Map<Integer, InstanceView> byId = new HashMap<>();
    views.forEach(v -> byId.put(v.id(), v));
    latest.set(Map.copyOf(byId));
    for (InstanceView v : views) {
      meters.computeIfAbsent(v.id(), id -> register(v));
    }
    meters.keySet().removeIf(id -> {
      if (byId.containsKey(id)) {
        return false;
      }
      meters.get(id).forEach(registry::remove);
      return true;
    });
  }

  private List<Meter> register(InstanceView v) {
    int id = v.id();
    Tags tags = Tags.of("app", v.name(), "id", Integer.toString(id), "mode", v.mode());
    List<Meter> out = new ArrayList<>();
    out.add(gauge("corral.pm.instance.cpu.percent", null, "CPU of the instance's process tree over the last"
        + " sample, in percent of one core", tags, id, InstanceView::cpuPercent));
    out.add(gauge("corral.pm.instance.memory", "bytes", "Resident memory of the instance's whole process tree",
        tags, id, x -> x.memoryBytes()));
    out.add(gauge("corral.pm.instance.unstable.restarts", null, "Consecutive runs shorter than min_uptime", tags,
        id, x -> x.unstableRestarts()));
    out.add(gauge("corral.pm.instance.uptime", "seconds", "Time since the current process started; 0 when none",
        tags, id, x -> x.uptimeMs() / 1000.0));
    out.add(gauge("corral.pm.instance.last.exit.code", null, "The last exit code (128+N for signal N); -1 when none",
        tags, id, x -> x.lastExitCode()));
    out.add(FunctionCounter.builder("corral.pm.instance.restarts", latest, l -> value(l, id, x -> x.restarts()))
        .description("Restarts since start, automatic and manual (corral reset sets it back to 0)").tags(tags)
        .register(registry));
    for (ProcessState s : ProcessState.values()) {
      String label = s.label();
      out.add(gauge("corral.pm.instance.state", null, "1 for the instance's current state, 0 for the others",
          tags.and("state", label.replace(' ', '_')), id, x -> x.status().equals(label) ? 1 : 0));
    }
    return out;
  }

  private Gauge gauge(String name, String unit, String help, Tags tags, int id, ToDoubleFunction<InstanceView> f) {
    return Gauge.builder(name, latest, l -> value(l, id, f)).baseUnit(unit).description(help).tags(tags)
        .register(registry);
  }

  private static double value(AtomicReference<Map<Integer, InstanceView>> latest, int id,
      ToDoubleFunction<InstanceView> f) {
    InstanceView v = latest.get().get(id);
    return v == null ? Double.NaN : f.applyAsDouble(v);
  }

  /**
   * The metrics in the format an {@code Accept} header asks for: OpenMetrics when it names
   * {@code application/openmetrics-text}, else the Prometheus text format.
   */
  public Scrape scrape(String accept) {
    boolean open = accept != null && accept.toLowerCase(Locale.ROOT).contains("application/openmetrics-text");
    String type = open ? OPENMETRICS : TEXT;
    return new Scrape(type, registry.scrape(type));
  }

  /** One scrape: its content type and body. */
  public record Scrape(String contentType, String body) {}

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
