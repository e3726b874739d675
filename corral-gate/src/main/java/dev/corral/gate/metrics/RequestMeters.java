package dev.corral.gate.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.netty.util.concurrent.FastThreadLocal;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Records what finished requests did, into Micrometer meters of the gate's registry:
 *
 * <ul>
 *   <li>{@code corral_gate_requests_total{server, location, status, upstream}}: {@code status} is the class
 *       ({@code 1xx} … {@code 5xx}), {@code upstream} the upstream group proxied to or {@code -}</li>
 *   <li>{@code corral_gate_request_duration_seconds{server}} (histogram): from the request's first byte to its
 *       log</li>
 *   <li>{@code corral_gate_received_bytes_total{server}}: request bytes as the gate counts {@code $request_length}
 *       (today the bodies of proxied requests); {@code corral_gate_sent_bytes_total{server}}: response body bytes
 *       ({@code $body_bytes_sent})</li>
 *   <li>{@code corral_gate_upstream_response_duration_seconds{upstream}} (histogram): per try, as
 *       {@code $upstream_response_time}</li>
 *   <li>{@code corral_gate_upstream_tries_total{upstream, result=ok|failed}}: tries, failed when no response
 *       head came back; {@code corral_gate_upstream_retries_total{upstream}}: tries beyond a request's first</li>
 *   <li>{@code corral_gate_limit_req_total{zone, result}} and {@code corral_gate_limit_conn_total{zone, result}}:
 *       decisions, {@code result} as {@code $limit_req_status} in lower case ({@code passed}, {@code delayed},
 *       {@code rejected}, {@code delayed_dry_run}, {@code rejected_dry_run})</li>
 * </ul>
 *
 * <p>Hot path: every call runs on the event loop that finished the request. Each thread keeps its own map from
 * label values to meters, so a request costs a few look-ups in a small {@link HashMap} keyed by the config's own
 * strings (no allocation) and lock-free meter updates (striped adders, CAS on histogram buckets); a meter is
 * registered with the registry — which locks — only the first time a thread sees its labels. Thread-safe.
 */
public final class RequestMeters {
  /** Histogram buckets for request and upstream times: 1 ms to 10 s. */
  static final Duration[] BUCKETS = {
      Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
      Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
      Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};
  static final String NO_UPSTREAM = "-";
  private static final String[] STATUS_CLASSES = {"other", "1xx", "2xx", "3xx", "4xx", "5xx"};
  private static final String[] LIMIT_RESULTS =
      {"passed", "delayed", "rejected", "delayed_dry_run", "rejected_dry_run"};

  private final MeterRegistry registry;
  private final FastThreadLocal<Series> series = new FastThreadLocal<>() {
    @Override
    protected Series initialValue() {
      return new Series();
    }
  };

  /** The meters one thread has resolved, by label values; confined to that thread. */
  private static final class Series {
    final Map<String, ServerSeries> servers = new HashMap<>();
    final Map<String, UpstreamSeries> upstreams = new HashMap<>();
    final Map<String, Counter[]> limitReq = new HashMap<>();
    final Map<String, Counter[]> limitConn = new HashMap<>();
  }

  private record ServerSeries(Timer duration, Counter received, Counter sent,
      Map<String, Map<String, Counter[]>> byLocation) {}

  private record UpstreamSeries(Timer response, Counter ok, Counter failed, Counter retries) {}

  RequestMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * One finished request.
   *
   * @param server the server block's name ({@code $server_name}), {@code _} when it has none
   * @param location the location's label (see {@link #locationLabel})
   * @param upstream the upstream group proxied to, or {@link #NO_UPSTREAM}
   * @param status the response status ({@code $status})
   */
  public void request(String server, String location, String upstream, int status, long durationNanos,
      long receivedBytes, long sentBytes) {
    ServerSeries s = server(server);
    s.duration().record(durationNanos, TimeUnit.NANOSECONDS);
    s.received().increment(receivedBytes);
    s.sent().increment(sentBytes);
    Map<String, Counter[]> byUpstream = s.byLocation().computeIfAbsent(location, l -> new HashMap<>());
    Counter[] statuses = byUpstream.get(upstream);
    if (statuses == null) {
      statuses = new Counter[STATUS_CLASSES.length];
      byUpstream.put(upstream, statuses);
    }
    int at = status >= 100 && status < 600 ? status / 100 : 0;
    Counter c = statuses[at];
    if (c == null) {
      c = Counter.builder("corral.gate.requests").tags("server", server, "location", location, "upstream", upstream,
          "status", STATUS_CLASSES[at]).description("Requests answered by the gate").register(registry);
      statuses[at] = c;
    }
    c.increment();
  }

  /**
   * One try of a request at an upstream group.
   *
   * @param responseNanos the try's time, from its start to its end ({@code $upstream_response_time})
   * @param failed whether no response head came back (refused, reset, timed out)
   * @param retry whether it was not the request's first try
   */
  public void upstreamTry(String upstream, long responseNanos, boolean failed, boolean retry) {
    Map<String, UpstreamSeries> upstreams = series.get().upstreams;
    UpstreamSeries u = upstreams.get(upstream);
    if (u == null) {
      u = newUpstream(upstream);
      upstreams.put(upstream, u);
    }
    u.response().record(responseNanos, TimeUnit.NANOSECONDS);
    (failed ? u.failed() : u.ok()).increment();
    if (retry) {
      u.retries().increment();
    }
  }

  /** A {@code limit_req} decision of {@code zone}; {@code status} is {@code $limit_req_status}'s value. */
  public void limitReq(String zone, String status) {
    limit(series.get().limitReq, "corral.gate.limit.req", zone, status);
  }

  /** A {@code limit_conn} decision of {@code zone}; {@code status} is {@code $limit_conn_status}'s value. */
  public void limitConn(String zone, String status) {
    limit(series.get().limitConn, "corral.gate.limit.conn", zone, status);
  }

  /** The {@code location} label of a location: nginx's modifier and pattern, {@code = /status}, {@code ~ \.php$}. */
  public static String locationLabel(String modifier, String pattern) {
    return modifier.isEmpty() ? pattern : modifier + " " + pattern;
  }

  private void limit(Map<String, Counter[]> zones, String name, String zone, String status) {
    int at = switch (status) {
      case "PASSED" -> 0;
      case "DELAYED" -> 1;
      case "REJECTED" -> 2;
      case "DELAYED_DRY_RUN" -> 3;
      case "REJECTED_DRY_RUN" -> 4;
      default -> -1;
    };
    if (at < 0) {
      return;
    }
    Counter[] results = zones.get(zone);
    if (results == null) {
      results = new Counter[LIMIT_RESULTS.length];
      zones.put(zone, results);
    }
    Counter c = results[at];
    if (c == null) {
      c = Counter.builder(name).tags("zone", zone, "result", LIMIT_RESULTS[at])
          .description("Decisions of the gate's " + (name.endsWith("req") ? "limit_req" : "limit_conn") + " zones")
          .register(registry);
      results[at] = c;
    }
    c.increment();
  }

  private ServerSeries server(String server) {
    Map<String, ServerSeries> servers = series.get().servers;
    ServerSeries s = servers.get(server);
    if (s == null) {
      Tags tags = Tags.of("server", server);
      s = new ServerSeries(
          Timer.builder("corral.gate.request.duration").tags(tags).serviceLevelObjectives(BUCKETS)
              .description("Time from a request's first byte to its log line").register(registry),
          Counter.builder("corral.gate.received.bytes").tags(tags).description("Request bytes ($request_length)")
              .register(registry),
          Counter.builder("corral.gate.sent.bytes").tags(tags).description("Response body bytes ($body_bytes_sent)")
              .register(registry),
          new HashMap<>());
      servers.put(server, s);
    }
    return s;
  }

  private UpstreamSeries newUpstream(String upstream) {
    Tags tags = Tags.of("upstream", upstream);
    return new UpstreamSeries(
        Timer.builder("corral.gate.upstream.response.duration").tags(tags).serviceLevelObjectives(BUCKETS)
            .description("Time of one try at an upstream, as $upstream_response_time").register(registry),
        Counter.builder("corral.gate.upstream.tries").tags(tags).tag("result", "ok")
            .description("Tries at an upstream; failed when no response head came back").register(registry),
        Counter.builder("corral.gate.upstream.tries").tags(tags).tag("result", "failed")
            .description("Tries at an upstream; failed when no response head came back").register(registry),
        Counter.builder("corral.gate.upstream.retries").tags(tags)
            .description("Tries at an upstream beyond a request's first").register(registry));
  }
}
