package dev.corral.gate.stream;

import dev.corral.gate.balance.Upstream;
import dev.corral.gate.config.Listen;
import dev.corral.gate.config.StreamConfig;
import dev.corral.gate.config.StreamServer;
import dev.corral.gate.config.StreamSettings;
import dev.corral.gate.config.UpstreamConfig;
import dev.corral.gate.limit.ConnectionZone;
import dev.corral.gate.limit.ZoneStates;
import dev.corral.limit.Ticker;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * What one stream configuration routes to: the server of each bound address, its running upstream (a balancer
 * kept across reloads while its servers and method are unchanged, so failure and connection counts survive) and
 * its {@code limit_conn} zones (kept likewise). Immutable once built; a session keeps the routes it was accepted
 * with until it ends. Thread-safe.
 */
final class StreamRoutes {
  /** One server as a session uses it. */
  record Route(StreamServer server, UpstreamConfig upstreamConfig, Upstream upstream, List<ConnectionZone> zones) {
    StreamSettings settings() {
      return server.settings();
    }
  }

  private final Map<String, Route> byKey;
  private final Map<String, Upstream> upstreams;
  private final Map<String, UpstreamConfig> upstreamConfigs;
  final ZoneStates zones;

  private StreamRoutes(Map<String, Route> byKey, Map<String, Upstream> upstreams,
      Map<String, UpstreamConfig> upstreamConfigs, ZoneStates zones) {
    this.byKey = byKey;
    this.upstreams = upstreams;
    this.upstreamConfigs = upstreamConfigs;
    this.zones = zones;
  }

  /**
   * Routes for {@code config}, taking over from {@code previous} each upstream and zone that did not change.
   *
   * @throws dev.corral.gate.config.ConfigException if a kept zone changed its key
   */
  static StreamRoutes build(StreamConfig config, Optional<StreamRoutes> previous, Ticker ticker,
      RandomGenerator random) {
    Map<String, Upstream> upstreams = new HashMap<>();
    for (UpstreamConfig u : config.upstreams().values()) {
      Optional<StreamRoutes> p = previous.filter(r -> same(r.upstreamConfigs.get(u.name()), u));
      upstreams.put(u.name(), p.isPresent() ? p.get().upstreams.get(u.name())
          : Upstream.create(u, ticker::read, random));
    }
    ZoneStates zones = ZoneStates.after(previous.map(r -> r.zones), ticker);
    Map<String, Route> byKey = new LinkedHashMap<>();
    for (StreamServer server : config.servers()) {
      List<ConnectionZone> limits = server.settings().limits().stream()
          .map(l -> zones.connections(l.zone())).toList();
      Route route = new Route(server, config.upstreams().get(server.upstream()),
          upstreams.get(server.upstream()), limits);
      for (Listen listen : server.listens()) {
        byKey.put(listen.bindKey(), route);
      }
    }
    zones.seal();
    return new StreamRoutes(byKey, upstreams, config.upstreams(), zones);
  }

  private static boolean same(UpstreamConfig a, UpstreamConfig b) {
    return a != null && a.servers().equals(b.servers()) && a.method().toString().equals(b.method().toString())
        && a.zone().equals(b.zone());
  }

  /**
   * The route of a connection accepted on the socket bound for {@code bindKey}: the server listening on the
   * connection's exact local address if there is one (a wildcard socket serves several), else the socket's own.
   */
  Optional<Route> route(String bindKey, InetSocketAddress local) {
    if (local != null && local.getAddress() != null) {
      Route exact = byKey.get(local.getAddress().getHostAddress() + ":" + local.getPort());
      if (exact != null) {
        return Optional.of(exact);
      }
    }
    return Optional.ofNullable(byKey.get(bindKey));
  }
}
