package dev.corral.gate.config;

import java.time.Duration;

/**
 * One {@code server} line of an upstream block, with nginx's defaults: weight 1, max_fails 1, fail_timeout 10s,
 * max_conns 0 (no limit).
 *
 * @param slowStart Corral extension (nginx Plus syntax): after a server recovers from being unavailable its
 *     weight ramps from 1 to {@code weight} over this time; zero (the default) disables it
 */
public record UpstreamServer(String host, int port, int weight, int maxFails, Duration failTimeout, int maxConns,
    boolean backup, boolean down, Duration slowStart) {
  /** A server without slow start. */
  public UpstreamServer(String host, int port, int weight, int maxFails, Duration failTimeout, int maxConns,
      boolean backup, boolean down) {
    this(host, port, weight, maxFails, failTimeout, maxConns, backup, down, Duration.ZERO);
  }

  public static final int DEFAULT_WEIGHT = 1;
  public static final int DEFAULT_MAX_FAILS = 1;
  public static final Duration DEFAULT_FAIL_TIMEOUT = Duration.ofSeconds(10);

  /** A server with every parameter at its default. */
  public static UpstreamServer of(String host, int port) {
    return new UpstreamServer(host, port, DEFAULT_WEIGHT, DEFAULT_MAX_FAILS, DEFAULT_FAIL_TIMEOUT, 0, false, false);
  }

  /** {@code host:port}, the form nginx logs in {@code $upstream_addr}. */
  public String address() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
