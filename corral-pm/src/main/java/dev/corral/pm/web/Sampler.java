package dev.corral.pm.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.corral.pm.process.InstanceView;
import dev.corral.pm.process.Supervisor;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Every period: takes the instance list from the supervisor (a few microseconds on its loop; the supervisor samples
 * CPU and memory itself), reads each cluster-mode app's gate, updates the metrics and the charts' rings, and
 * publishes the state and the new points to the pages. Runs on the dashboard's own scheduler thread, so a slow gate
 * never delays the supervisor.
 *
 * <p>Thread-safety: {@link #sampleOnce} runs on the scheduler's one thread; {@link #state} may be read from any.
 */
final class Sampler {
  /** How often the page gets a new state. */
  static final Duration PERIOD = Duration.ofSeconds(1);

  private final Supervisor supervisor;
  private final GateReader gates;
  private final PmMetrics metrics;
  private final History history;
  private final EventHub hub;
  private final Clock clock;
  private final ObjectMapper json;
  private final Consumer<String> log;
  // Sampler-thread only: each gate's previous traffic reading and when it was taken.
  private final Map<String, GateReport.Traffic> lastTraffic = new HashMap<>();
  private long lastTimeMs;
  private volatile Map<String, Object> state = Map.of("time", 0L, "instances", List.of(), "gates", List.of());

  Sampler(Supervisor supervisor, GateReader gates, PmMetrics metrics, History history, EventHub hub, Clock clock,
      ObjectMapper json, Consumer<String> log) {
    this.supervisor = supervisor;
    this.gates = gates;
    this.metrics = metrics;
    this.history = history;
    this.hub = hub;
    this.clock = clock;
    this.json = json;
    this.log = log;
  }

  /** Samples once now, then every {@link #PERIOD} on {@code scheduler}. */
  void start(ScheduledExecutorService scheduler) {
    scheduler.scheduleWithFixedDelay(this::sampleSafely, 0, PERIOD.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The latest state: {@code time}, {@code instances} ({@link InstanceRow}s), {@code gates}. */
  Map<String, Object> state() {
    return state;
  }

  private void sampleSafely() {
    try {
      sampleOnce();
    } catch (RuntimeException e) {
      log.accept("dashboard: sampling failed: " + e); // the next period tries again
    }
  }

  void sampleOnce() {
    List<InstanceView> views;
    try {
      views = supervisor.list().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.accept("dashboard: cannot list the instances: " + e);
      return;
    }
    long now = clock.millis();
    double seconds = lastTimeMs == 0 ? 0 : (now - lastTimeMs) / 1000.0;
    lastTimeMs = now;
    metrics.update(views);
    Map<String, Object[]> points = new LinkedHashMap<>();
    Set<String> keys = new HashSet<>();
    List<InstanceRow> rows = new ArrayList<>();
    List<GateFigures> gateFigures = new ArrayList<>();
    for (InstanceView v : views) {
      rows.add(InstanceRow.of(v));
      point(points, keys, "cpu/" + v.id(), now, v.cpuPercent());
      point(points, keys, "mem/" + v.id(), now, v.memoryBytes());
      if (v.mode().equals("gate") && v.status().equals("online")) {
        Optional<GateReport> report = gates.read(v.name());
        if (report.isPresent()) {
          GateFigures f = GateFigures.of(v.name(), report.get(), Optional.ofNullable(lastTraffic.get(v.name())),
              seconds);
          report.get().traffic().ifPresentOrElse(t -> lastTraffic.put(v.name(), t), () -> lastTraffic.remove(v.name()));
          gateFigures.add(f);
          if (f.rps() != null) {
            point(points, keys, "rps/" + v.name(), now, f.rps());
          }
          if (f.p99Ms() != null) {
            point(points, keys, "p99/" + v.name(), now, f.p99Ms());
          }
        }
      }
    }
    history.retain(keysWithPrefixesOf(views, keys));
    Map<String, Object> next = new LinkedHashMap<>();
    next.put("time", now);
    next.put("instances", rows);
    next.put("gates", gateFigures);
    state = next;
    try {
      hub.publish("sample", json.writeValueAsString(Map.of("state", next, "points", points)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the dashboard's state: " + e.getMessage(), e);
    }
  }

  private void point(Map<String, Object[]> points, Set<String> keys, String key, long now, double value) {
    history.add(key, now, value);
    points.put(key, new Object[] {now, value});
    keys.add(key);
  }

  /** Series of instances and gates still there keep their history even in a period without a point. */
  private static Set<String> keysWithPrefixesOf(List<InstanceView> views, Set<String> keys) {
    Set<String> keep = new HashSet<>(keys);
    for (InstanceView v : views) {
      keep.add("cpu/" + v.id());
      keep.add("mem/" + v.id());
      keep.add("rps/" + v.name());
      keep.add("p99/" + v.name());
    }
    return keep;
  }
}
