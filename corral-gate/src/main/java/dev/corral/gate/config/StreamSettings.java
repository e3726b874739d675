package dev.corral.gate.config;

import java.time.Duration;
import java.util.List;

/**
 * The settings of a stream server, as set in it or inherited from the {@code stream} block. Defaults are
 * nginx's. Immutable.
 *
 * @param connectTimeout {@code proxy_connect_timeout} (60s): how long connecting to one upstream server may take
 * @param timeout {@code proxy_timeout} (10m): the longest time with no byte moving in either direction; the
 *     session is then closed
 * @param nextUpstream {@code proxy_next_upstream} (on): whether a server that cannot be connected to is followed by
 *     the next one
 * @param nextUpstreamTries {@code proxy_next_upstream_tries} (0 = as many as the upstream has servers)
 * @param nextUpstreamTimeout {@code proxy_next_upstream_timeout} (0 = no limit): how long after the session
 *     started a further server may still be tried
 * @param bufferSize {@code proxy_buffer_size} (16k): the most bytes read from one side in one go
 * @param halfClose {@code proxy_half_close} (off): off ends the session when either side has closed and its
 *     bytes are passed on; on passes the FIN on (the other side's output is shut) and ends the session when both
 *     sides have closed
 * @param limits the {@code limit_conn} lines in effect
 * @param limitLogLevel {@code limit_conn_log_level} (error)
 * @param limitDryRun {@code limit_conn_dry_run} (off): count but never refuse
 * @param logs the access and error logs in effect (stream has no default access log)
 */
public record StreamSettings(Duration connectTimeout, Duration timeout, boolean nextUpstream, int nextUpstreamTries,
    Duration nextUpstreamTimeout, int bufferSize, boolean halfClose, List<Limit> limits, String limitLogLevel, boolean limitDryRun,
    LogSettings logs) {
  public StreamSettings {
    limits = List.copyOf(limits);
  }

  /** One {@code limit_conn ZONE N} line: at most {@code limit} sessions per key of {@code zone}. */
  public record Limit(LimitConnZone zone, int limit) {}

  /** nginx's defaults: no access log, no limits. */
  static StreamSettings defaults() {
    return new StreamSettings(Duration.ofSeconds(60), Duration.ofMinutes(10), true, 0, Duration.ZERO, 16 * 1024, false,
        List.of(), "error", false, new LogSettings(AccessLog.off(), List.of()));
  }
}
