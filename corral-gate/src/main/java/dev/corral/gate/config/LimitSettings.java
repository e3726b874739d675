package dev.corral.gate.config;

import java.util.List;

/**
 * {@code limit_req} and {@code limit_conn} of a level, after nginx's inheritance: a level with its own
 * {@code limit_req} (or {@code limit_conn}) lines drops the parent's; the status, log level and dry-run
 * directives are inherited one by one. Immutable.
 *
 * @param requests the {@code limit_req} lines, in order
 * @param requestStatus {@code limit_req_status}, default 503
 * @param requestLogLevel {@code limit_req_log_level}, default {@code error}; delays are logged one level lower
 * @param requestDryRun {@code limit_req_dry_run}
 * @param connections the {@code limit_conn} lines, in order
 * @param connectionStatus {@code limit_conn_status}, default 503
 * @param connectionLogLevel {@code limit_conn_log_level}, default {@code error}
 * @param connectionDryRun {@code limit_conn_dry_run}
 * @param requestHeaders {@code limit_req_headers} (Corral extension): the IETF RateLimit fields on the responses
 */
public record LimitSettings(List<Request> requests, int requestStatus, String requestLogLevel,
    boolean requestDryRun, List<Connection> connections, int connectionStatus, String connectionLogLevel,
    boolean connectionDryRun, boolean requestHeaders) {
  public LimitSettings {
    requests = List.copyOf(requests);
    connections = List.copyOf(connections);
  }

  /** nginx's defaults: no limits. */
  static LimitSettings defaults() {
    return new LimitSettings(List.of(), 503, "error", false, List.of(), 503, "error", false, false);
  }

  /**
   * One {@code limit_req zone=NAME [burst=N] [nodelay | delay=N]}.
   *
   * @param delay the requests beyond the rate that pass without delay; ignored with {@code nodelay}
   */
  public record Request(LimitReqZone zone, long burst, long delay, boolean nodelay, SourcePosition position) {}

  /** One {@code limit_conn ZONE N}: at most N requests in progress per key. */
  public record Connection(LimitConnZone zone, int limit, SourcePosition position) {}
}
