package dev.corral.gate.proxy;

import dev.corral.gate.config.CaptureSink;
import dev.corral.gate.http.ContentHandler;
import dev.corral.gate.http.ReturnContent;
import dev.corral.gate.http.RewritePhase;
import dev.corral.gate.http.RewriteScript;
import dev.corral.gate.http.ServerRewritePhase;
import dev.corral.gate.http.StubStatusContent;
import dev.corral.gate.http.AccessPhase;
import dev.corral.gate.limit.RedisLimitConnPhase;
import dev.corral.gate.limit.LimitReqPhase;
import dev.corral.gate.limit.LimitConnPhase;
import dev.corral.gate.limit.RedisLimitReqPhase;

import dev.corral.gate.http.LocationRoute;
import dev.corral.gate.http.Router;

import dev.corral.gate.config.GateConfig;
import dev.corral.gate.config.IfBlock;
import dev.corral.gate.config.LocationMatch;
import dev.corral.gate.config.RewriteOp;
import dev.corral.gate.config.RewriteSettings;
import dev.corral.gate.config.LimitSettings;
import dev.corral.gate.config.Listen;
import dev.corral.gate.config.LocationConfig;
import dev.corral.gate.config.LocationHandler;
import dev.corral.gate.config.LocationMatch;
import dev.corral.gate.config.LocationMatcher;
import dev.corral.gate.config.ServerConfig;
import dev.corral.gate.config.ServerNameMatcher;
import dev.corral.gate.config.UpstreamConfig;
import dev.corral.gate.limit.ZoneStates;
import dev.corral.limit.Ticker;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * Everything a request needs to be routed, built from one {@link GateConfig}: the server for a listening socket
 * and host, the location for a path, and the running upstreams. Immutable once built; a reload builds a new one
 * and swaps it in atomically, and requests in flight finish with the one they started with.
 */
final class Routes implements Router {
  private final GateConfig config;
  private final Map<String, ServerNameMatcher> serversByKey = new HashMap<>();
  private final Map<String, ServerConfig> defaults = new HashMap<>();
  /** The addresses some {@code listen ... ssl} names: TLS for every server on them, as in nginx. */
  private final java.util.Set<String> tlsKeys = new java.util.HashSet<>();
  private final java.util.Set<String> http2Keys = new java.util.HashSet<>();
  private final Map<ServerConfig, LocationMatcher> locations = new IdentityHashMap<>();
  private final Map<String, UpstreamRuntime> upstreams;
  /** Each location's phases and content handler, chosen once here rather than per request. */
  private final Map<LocationConfig, LocationRoute> routed = new IdentityHashMap<>();
  /** Per server, what serves a request no location matches: files with the server's settings, as in nginx. */
  private final Map<ServerConfig, LocationRoute> unmatched = new IdentityHashMap<>();
  /** The entry route of each server with rewrite statements: its server rewrite phase, then the location look-up. */
  private final Map<ServerConfig, LocationRoute> serverEntries = new IdentityHashMap<>();

  private final ZoneStates zones;
  /** Upstreams made on demand for the IP addresses that {@code proxy_pass} with variables rendered. */
  private final AddressUpstreams addressUpstreams;

  private Routes(GateConfig config, Map<String, UpstreamRuntime> upstreams, ZoneStates zones,
      AddressUpstreams addressUpstreams) {
    this.config = config;
    this.addressUpstreams = addressUpstreams;
    this.upstreams = upstreams;
    this.zones = zones;
    Map<String, List<ServerConfig>> byKey = new LinkedHashMap<>();
    for (ServerConfig server : config.servers()) {
      for (Listen listen : server.listens()) {
        List<ServerConfig> list = byKey.computeIfAbsent(listen.bindKey(), k -> new ArrayList<>());
        if (listen.ssl()) {
          tlsKeys.add(listen.bindKey());
        }
        if (listen.http2()) {
          http2Keys.add(listen.bindKey());
        }
        if (!list.contains(server)) {
          list.add(server);
        }
      }
      locations.put(server, new LocationMatcher(server.locations()));
      // The server's rewrite statements ran before the look-up: not again as this route's rewrite phase.
      LocationConfig serverLevel = new LocationConfig(LocationMatch.PREFIX, "", Optional.empty(),
          new LocationHandler.Files(), server.settings().withRewrite(new RewriteSettings(List.of(),
              server.settings().rewrite().log(), server.settings().rewrite().uninitializedWarn())),
          server.position());
      unmatched.put(server, route(server, serverLevel, serverLevel));
      routeAll(server, server.locations(), null);
      List<RewriteOp> serverScript = server.settings().rewrite().script();
      if (!serverScript.isEmpty()) {
        LocationConfig entry = new LocationConfig(LocationMatch.PREFIX, "", Optional.empty(),
            new LocationHandler.Return(404, Optional.empty()), server.settings(), server.position());
        serverEntries.put(server, new LocationRoute(entry,
            new AccessPhase[] {new ServerRewritePhase(new RewriteScript(serverScript))},
            ServerRewritePhase.findLocation(this, server)));
      }
    }
    zones.seal();
    byKey.forEach((key, servers) -> {
      ServerNameMatcher matcher = new ServerNameMatcher(servers, key);
      serversByKey.put(key, matcher);
      defaults.put(key, matcher.match(""));
    });
  }

  /**
   * Builds routes for {@code config}, keeping from {@code previous} every upstream whose configuration is
   * unchanged (with its balancing state and idle connections).
   */
  static Routes build(GateConfig config, Optional<Routes> previous, Ticker ticker, RandomGenerator random) {
    LongSupplier clock = ticker::read;
    Map<String, UpstreamRuntime> upstreams = new HashMap<>();
    for (UpstreamConfig upstream : config.upstreams().values()) {
      UpstreamRuntime old = previous.map(p -> p.upstreams.get(upstream.name())).orElse(null);
      upstreams.put(upstream.name(), old != null && sameConfig(old.config(), upstream) ? old
          : UpstreamRuntime.create(upstream, clock, random));
    }
    return new Routes(config, upstreams, ZoneStates.after(previous.map(p -> p.zones), ticker),
        new AddressUpstreams(clock, random));
  }

  private static boolean sameConfig(UpstreamConfig a, UpstreamConfig b) {
    // Positions differ when only other parts of the file changed; they do not matter for behaviour.
    // With a state file the servers are the runtime API's, and the file holds what the running upstream has.
    boolean sameServers = a.stateFile().isPresent() && a.stateFile().equals(b.stateFile())
        || a.stateFile().isEmpty() && b.stateFile().isEmpty() && a.servers().equals(b.servers());
    return a.method().equals(b.method()) && sameServers && a.keepalive() == b.keepalive()
        && a.keepaliveTimeout().equals(b.keepaliveTimeout()) && a.keepaliveRequests() == b.keepaliveRequests() && a.queue().equals(b.queue())
        && a.healthCheck().equals(b.healthCheck()) && a.zone().equals(b.zone());
  }

  /** Closes the idle pools of upstreams that {@code next} no longer uses. */
  void retireInFavourOf(Routes next) {
    addressUpstreams.close();
    for (UpstreamRuntime runtime : upstreams.values()) {
      if (next.upstreams.get(runtime.name()) != runtime) {
        runtime.pool().close();
      }
    }
  }

  /** Closes every idle pool and the limit zones' Redis connections (the gate stops). */
  void closePools() {
    addressUpstreams.close();
    upstreams.values().forEach(u -> u.pool().close());
    zones.close();
  }

  GateConfig config() {
    return config;
  }

  /** Whether a server listens on exactly {@code key} ({@code addr:port} or {@code *:port}). */
  @Override
  public boolean hasKey(String key) {
    return serversByKey.containsKey(key);
  }

  /** Whether connections to {@code key} ({@code addr:port} or {@code *:port}) speak TLS. */
  @Override
  public boolean tls(String key) {
    return tlsKeys.contains(key);
  }

  /** Whether connections to {@code key} speak HTTP/2 with prior knowledge ({@code listen ... http2}). */
  @Override
  public boolean http2(String key) {
    return http2Keys.contains(key);
  }

  /** The server answering {@code host} on socket {@code key}. */
  @Override
  public ServerConfig server(String key, String host) {
    ServerNameMatcher matcher = serversByKey.get(key);
    return matcher == null ? null : matcher.match(host);
  }

  @Override
  public ServerConfig server(String key, String host, CaptureSink captures) {
    ServerNameMatcher matcher = serversByKey.get(key);
    return matcher == null ? null : matcher.match(host, captures);
  }

  /** The default server of socket {@code key}, whose settings apply before a request is read; may be null. */
  @Override
  public ServerConfig defaultServer(String key) {
    return defaults.get(key);
  }

  /**
   * Where a request for {@code path} (without the query) on {@code server} starts: the server's entry route when
   * it has rewrite statements (they run before the location is looked up), else its location
   * ({@link #locationOf}).
   */
  @Override
  public LocationRoute location(ServerConfig server, String path) {
    LocationRoute entry = serverEntries.get(server);
    return entry != null ? entry : locationOf(server, path);
  }

  /**
   * The location of {@code server} for {@code path} (without the query); when none matches, the server's own
   * settings serving files (nginx uses the server level's configuration then).
   */
  @Override
  public LocationRoute locationOf(ServerConfig server, String path) {
    Optional<LocationConfig> location = locations.get(server).match(path);
    return location.isEmpty() ? unmatched.get(server) : routed.get(location.get());
  }

  /** The named location {@code name} ({@code @…}) of {@code server}, or null if it has none of that name. */
  @Override
  public LocationRoute named(ServerConfig server, String name) {
    Optional<LocationConfig> location = locations.get(server).named(name);
    return location.isEmpty() ? null : routed.get(location.get());
  }

  /**
   * A location as it runs, and the nested locations of its {@code if} blocks, which share its phases (nginx allows
   * none of the phase directives in an {@code if}).
   */
  private LocationRoute route(ServerConfig server, LocationConfig location, LocationConfig aliasOwner) {
    Map<IfBlock, LocationRoute> ifRoutes = new IdentityHashMap<>();
    AccessPhase[] phases = accessPhases(location, ifRoutes);
    for (RewriteOp op : location.settings().rewrite().script()) {
      if (op instanceof RewriteOp.If i && i.block().location() != null) {
        ifRoutes.put(i.block(), new LocationRoute(i.block().location(), phases, content(i.block().location())));
      }
    }
    return new LocationRoute(location, phases, content(location, aliasOwner));
  }

  /**
   * The phases of a location in nginx's order: the rewrite phase (its own statements), then the preaccess phase:
   * limit_req, then limit_conn (the order nginx runs its two handlers in); within each, the lines of this gate's
   * zones, then those of zones in Redis (one round trip each).
   */
  private AccessPhase[] accessPhases(LocationConfig location, Map<IfBlock, LocationRoute> ifRoutes) {
    LimitSettings limits = location.settings().limits();
    List<AccessPhase> phases = new ArrayList<>();
    List<RewriteOp> script = location.settings().rewrite().script();
    if (!script.isEmpty()) {
      phases.add(new RewritePhase(new RewriteScript(script), ifRoutes));
    }
    List<LimitSettings.Request> local = limits.requests().stream().filter(r -> r.zone().backend().isEmpty()).toList();
    List<LimitSettings.Request> shared = limits.requests().stream().filter(r -> r.zone().backend().isPresent())
        .toList();
    if (!local.isEmpty()) {
      phases.add(new LimitReqPhase(limits, local, local.stream().map(r -> zones.requests(r.zone())).toList()));
    }
    if (!shared.isEmpty()) {
      phases.add(new RedisLimitReqPhase(limits, shared, shared.stream().map(zones::redisRequests).toList()));
    }
    List<LimitSettings.Connection> localConn = limits.connections().stream()
        .filter(c -> c.zone().backend().isEmpty()).toList();
    List<LimitSettings.Connection> sharedConn = limits.connections().stream()
        .filter(c -> c.zone().backend().isPresent()).toList();
    if (!localConn.isEmpty()) {
      phases.add(new LimitConnPhase(limits, localConn,
          localConn.stream().map(c -> zones.connections(c.zone())).toList()));
    }
    if (!sharedConn.isEmpty()) {
      phases.add(new RedisLimitConnPhase(limits, sharedConn,
          sharedConn.stream().map(zones::redisConnections).toList()));
    }
    return phases.toArray(new AccessPhase[0]);
  }

  /**
   * Routes {@code level}'s locations and their nested ones; {@code parent} is the enclosing location (null at
   * server level), which owns the alias a nested location inherits (nginx replaces the prefix of the location
   * that set it).
   */
  private void routeAll(ServerConfig server, List<LocationConfig> level, LocationConfig aliasOwnerAbove) {
    for (LocationConfig location : level) {
      LocationConfig aliasOwner = aliasOwnerAbove != null
          // Identity: a level that does not set alias keeps its parent's Optional instance (FileCompiler).
          && aliasOwnerAbove.settings().files().alias() == location.settings().files().alias()
          ? aliasOwnerAbove : location;
      routed.put(location, route(server, location, aliasOwner));
      routeAll(server, location.nested(), aliasOwner);
    }
  }

  private ContentHandler content(LocationConfig location) {
    return content(location, location);
  }

  private ContentHandler content(LocationConfig location, LocationConfig aliasOwner) {
    return switch (location.handler()) {
      case LocationHandler.Return r -> new ReturnContent(r);
      case LocationHandler.ProxyPass p -> new ProxyContent(location, p, upstreams.get(p.upstream()));
      case LocationHandler.Files f -> new StaticContent(location, aliasOwner);
      case LocationHandler.ProxyPassVariables v -> new VariableProxyContent(v.url(), this);
      case LocationHandler.StubStatus s -> new StubStatusContent();
    };
  }

  /**
   * The upstream for the host part of a URL that {@code proxy_pass} rendered: an upstream block of that name, else
   * one made for an IP address and port; empty for a host name (there is no resolver).
   */
  Optional<UpstreamRuntime> upstreamFor(String authority) {
    UpstreamRuntime named = upstreams.get(authority);
    if (named != null) {
      return Optional.of(named);
    }
    return addressUpstreams.forAddress(authority);
  }

  UpstreamRuntime upstream(String name) {
    return upstreams.get(name);
  }

  Map<String, UpstreamRuntime> upstreams() {
    return upstreams;
  }
}
