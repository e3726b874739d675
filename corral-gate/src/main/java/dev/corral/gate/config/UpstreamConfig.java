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
 */
public record UpstreamConfig(String name, BalanceMethod method, List<UpstreamServer> servers, int keepalive,
    Duration keepaliveTimeout, int keepaliveRequests, SourcePosition position) {
  public static final int DEFAULT_KEEPALIVE = 32;
  public static final Duration DEFAULT_KEEPALIVE_TIMEOUT = Duration.ofSeconds(60);
  public static final int DEFAULT_KEEPALIVE_REQUESTS = 1000;

  public UpstreamConfig {
    servers = List.copyOf(servers);
  }
}
