package dev.corral.gate.config;

import java.time.Duration;
import java.util.List;

/**
 * An {@code upstream} block: its servers, balancing method and keep-alive pool.
 *
 * @param keepalive idle connections cached for the whole group ({@code keepalive N}); nginx's default since 1.29.7
 *     is 32
 * @param keepaliveTimeout how long an idle upstream connection is kept (default 60s)
 * @param keepaliveRequests requests over one upstream connection before it is closed (default 1000)
 * @param keepaliveTime how long one upstream connection may carry requests ({@code keepalive_time}, default 1h, as
 *     nginx): a connection older than it is closed when its current request ends instead of going back to the pool
 * @param queue the request queue (none by default)
 * @param zone the {@code zone} name, if the block has one: as in nginx Plus, such an upstream may have no server
 *     (its servers come from the runtime API) and may lose its last one at run time
 * @param stateFile nginx Plus's {@code state FILE}: where the servers are read from and the runtime API's
 *     changes written to ({@link UpstreamStateFile}); then {@code servers} are the file's
 */
public record UpstreamConfig(String name, BalanceMethod method, List<UpstreamServer> servers, int keepalive,
    Duration keepaliveTimeout, int keepaliveRequests, QueueConfig queue, java.util.Optional<HealthCheck> healthCheck,
    SourcePosition position, java.util.Optional<String> zone, java.util.Optional<java.nio.file.Path> stateFile,
    Duration keepaliveTime) {
  public static final int DEFAULT_KEEPALIVE = 32;
  public static final Duration DEFAULT_KEEPALIVE_TIME = Duration.ofHours(1);
  public static final Duration DEFAULT_KEEPALIVE_TIMEOUT = Duration.ofSeconds(60);
  public static final int DEFAULT_KEEPALIVE_REQUESTS = 1000;

  public UpstreamConfig {
    servers = List.copyOf(servers);
  }

  /** An upstream with nginx's default {@code keepalive_time}. */
  public UpstreamConfig(String name, BalanceMethod method, List<UpstreamServer> servers, int keepalive,
      Duration keepaliveTimeout, int keepaliveRequests, QueueConfig queue, java.util.Optional<HealthCheck> healthCheck,
      SourcePosition position, java.util.Optional<String> zone, java.util.Optional<java.nio.file.Path> stateFile) {
    this(name, method, servers, keepalive, keepaliveTimeout, keepaliveRequests, queue, healthCheck, position, zone,
        stateFile, DEFAULT_KEEPALIVE_TIME);
  }

  /** An upstream without a state file. */
  public UpstreamConfig(String name, BalanceMethod method, List<UpstreamServer> servers, int keepalive,
      Duration keepaliveTimeout, int keepaliveRequests, QueueConfig queue, java.util.Optional<HealthCheck> healthCheck,
      SourcePosition position, java.util.Optional<String> zone) {
    this(name, method, servers, keepalive, keepaliveTimeout, keepaliveRequests, queue, healthCheck, position, zone,
        java.util.Optional.empty());
  }

  /** An upstream without a zone. */
  public UpstreamConfig(String name, BalanceMethod method, List<UpstreamServer> servers, int keepalive,
      Duration keepaliveTimeout, int keepaliveRequests, QueueConfig queue, java.util.Optional<HealthCheck> healthCheck,
      SourcePosition position) {
    this(name, method, servers, keepalive, keepaliveTimeout, keepaliveRequests, queue, healthCheck, position,
        java.util.Optional.empty());
  }

  /** An upstream without a request queue. */
  public UpstreamConfig(String name, BalanceMethod method, List<UpstreamServer> servers, int keepalive,
      Duration keepaliveTimeout, int keepaliveRequests, SourcePosition position) {
    this(name, method, servers, keepalive, keepaliveTimeout, keepaliveRequests, QueueConfig.NONE,
        java.util.Optional.empty(), position);
  }

  /**
   * Corral's active health check, {@code health_check [interval=5s] [fall=1] [rise=1] [uri=/] [match=NAME]} in the
   * upstream block: every interval each server gets {@code GET uri}; an answer within the interval that passes the
   * {@code match} block's tests, or without {@code match=} a 2xx or 3xx answer, is a pass; anything else (or no
   * answer within the interval) a failure; {@code fall} consecutive failures take the server out of balancing and
   * {@code rise} consecutive passes bring it back. Defaults are nginx Plus's.
   *
   * @param match the {@code match} block named by {@code match=}, if any
   */
  public record HealthCheck(Duration interval, int fall, int rise, String uri, java.util.Optional<HealthMatch> match) {
    public static final HealthCheck DEFAULTS = new HealthCheck(Duration.ofSeconds(5), 1, 1, "/",
        java.util.Optional.empty());
  }

  /**
   * Corral's {@code queue N [timeout=T]} (nginx Plus syntax): when no server can take a request (all at
   * {@code max_conns}, or none live), up to {@code size} requests wait up to {@code timeout} for one to free up;
   * a full queue or an expired wait answers 503.
   */
  public record QueueConfig(int size, Duration timeout) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    public static final QueueConfig NONE = new QueueConfig(0, DEFAULT_TIMEOUT);
  }
}
