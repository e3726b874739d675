package dev.corral.gate.proxy;

import dev.corral.gate.balance.Upstream;
import dev.corral.gate.config.UpstreamConfig;

/**
 * A running upstream: its configuration, its balancer and its keep-alive pool. Kept across a reload when its
 * configuration did not change, so balancing state and idle connections survive. Immutable holder; the parts
 * are thread-safe.
 */
record UpstreamRuntime(UpstreamConfig config, Upstream upstream, ConnectionPool pool) {
  static UpstreamRuntime create(UpstreamConfig config, java.util.function.LongSupplier clock,
      java.util.random.RandomGenerator random) {
    return new UpstreamRuntime(config, Upstream.create(config, clock, random),
        new ConnectionPool(config.keepalive(), config.keepaliveTimeout().toNanos(), config.keepaliveRequests(),
            config.keepaliveTime().toNanos()));
  }

  String name() {
    return config.name();
  }

  /** {@code $proxy_host}: the upstream's name; for {@code host:80} nginx drops the default port. */
  String proxyHost() {
    return config.name().endsWith(":80") ? config.name().substring(0, config.name().length() - 3) : config.name();
  }
}
