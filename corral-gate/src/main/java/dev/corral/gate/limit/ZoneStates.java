package dev.corral.gate.limit;

import dev.corral.gate.config.ConfigException;
import dev.corral.gate.config.LimitConnZone;
import dev.corral.gate.config.LimitReqZone;
import dev.corral.gate.config.LimitSettings;
import dev.corral.gate.config.ZoneBackend;
import dev.corral.limit.LimitReq;
import dev.corral.limit.LocalKeyedConcurrencyLimiter;
import dev.corral.limit.LocalKeyedRateLimiter;
import dev.corral.limit.Ticker;
import dev.corral.limit.redis.FailurePolicy;
import dev.corral.limit.redis.RedisAlgorithm;
import dev.corral.limit.redis.RedisConcurrencyLimiter;
import dev.corral.limit.redis.RedisRateLimiter;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The state of the {@code limit_req_zone}s and {@code limit_conn_zone}s of one configuration: one
 * {@link RequestZone} or {@link ConnectionZone} per zone name, shared by every line that names it.
 *
 * <p>Built when a configuration is loaded, from the previous configuration's states, with nginx's rule for shared
 * memory on reload: a zone whose name and SIZE are unchanged keeps its nodes (a new rate applies to them); if its
 * key changed, the reload fails ({@code limit_req "one" uses the "$uri" key while previously it used the
 * "$binary_remote_addr" key}); a zone whose SIZE changed starts empty. Every zone reads the gate's
 * {@link Ticker}, so tests drive the limits with a fake clock.
 *
 * <p>A zone with {@code backend=redis://…} (Corral extension) is kept in Redis instead: {@link #redisRequests}
 * and {@link #redisConnections} give a corral-limit-redis limiter per line on this gate's connection to that
 * Redis ({@link RedisLinks}, kept across reloads while a zone names it; {@link #close()} closes them). Its
 * {@code fail=local} policy decides with a zone of this gate of the same SIZE while Redis does not answer.
 *
 * <p>Thread-safe: {@link #requests} and {@link #connections} are called while a configuration is loaded; the
 * zones they return are used by every event loop at once.
 */
public final class ZoneStates {
  private final Ticker ticker;
  private final Map<String, RequestZone> requests = new HashMap<>();
  private final Map<String, ConnectionZone> connections = new HashMap<>();
  /** How long loading a configuration waits for a zone's Redis connection at most. */
  private static final Duration WARM_UP = Duration.ofSeconds(5);
  private final RedisLinks links;
  private final Set<String> usedBackends = new HashSet<>();
  /** The Redis connection zones' limiters, kept across reloads while unchanged (they renew their slots). */
  private record ConnectionLimiterKey(String zone, int limit, ZoneBackend backend) {}

  private final Map<ConnectionLimiterKey, RedisConcurrencyLimiter> connectionLimiters = new HashMap<>();
  /** Per zone name: whether its Redis is down, shared by the zone's lines so an outage is logged once. */
  private final Map<String, AtomicBoolean> outages = new HashMap<>();
  /** The states a reload may keep; dropped by {@link #seal()} so that old configurations are not retained. */
  private ZoneStates previous;

  private ZoneStates(Ticker ticker, ZoneStates previous) {
    this.ticker = ticker;
    this.previous = previous;
    this.links = previous != null ? previous.links : new RedisLinks();
  }

  /** Empty states for a new configuration, which may take over those of {@code previous}. */
  public static ZoneStates after(Optional<ZoneStates> previous, Ticker ticker) {
    return new ZoneStates(ticker, previous.orElse(null));
  }

  /**
   * The state of request zone {@code zone}, kept from the previous configuration if its name and size are.
   *
   * @throws ConfigException if the previous configuration had the zone with the same size and another key
   */
  public synchronized RequestZone requests(LimitReqZone zone) {
    RequestZone state = requests.get(zone.name());
    if (state != null) {
      return state;
    }
    RequestZone old = previous == null ? null : previous.requestState(zone.name());
    String key = zone.key().toString();
    if (old != null && old.table().size == zone.size()) {
      if (!old.table().key.equals(key)) {
        throw new ConfigException("limit_req \"" + zone.name() + "\" uses the \"" + key
            + "\" key while previously it used the \"" + old.table().key + "\" key", zone.position());
      }
      state = old.withRate(zone.rateMilliRequests());
    } else {
      state = new RequestZone(zone.name(), zone.rateMilliRequests(),
          new RequestZone.Table(zone.name(), key, zone.size()), ticker);
    }
    requests.put(zone.name(), state);
    return state;
  }

  /**
   * The state of connection zone {@code zone}, kept from the previous configuration if its name and size are.
   *
   * @throws ConfigException if the previous configuration had the zone with the same size and another key
   */
  public synchronized ConnectionZone connections(LimitConnZone zone) {
    ConnectionZone state = connections.get(zone.name());
    if (state != null) {
      return state;
    }
    ConnectionZone old = previous == null ? null : previous.connectionState(zone.name());
    String key = zone.key().toString();
    if (old != null && old.table().size == zone.size()) {
      if (!old.table().key.equals(key)) {
        throw new ConfigException("limit_conn_zone \"" + zone.name() + "\" uses the \"" + key
            + "\" key while previously it used the \"" + old.table().key + "\" key", zone.position());
      }
      state = old;
    } else {
      state = new ConnectionZone(zone.name(), new ConnectionZone.Table(zone.name(), key, zone.size()));
    }
    connections.put(zone.name(), state);
    return state;
  }

  /**
   * A limiter in Redis for {@code limit_req} line {@code rule}, whose zone has a backend: nginx's arithmetic in
   * one Lua script on Redis's clock, keyed {@code corral:gate:limit_req:{ZONE:KEY}}, so that every gate naming the
   * same Redis and zone shares it (lines of other bursts share the zone's state, as in nginx).
   */
  public synchronized RedisZone<RedisRateLimiter> redisRequests(LimitSettings.Request rule) {
    LimitReqZone zone = rule.zone();
    ZoneBackend backend = zone.backend().orElseThrow();
    RedisAlgorithm.LimitReq algorithm = new RedisAlgorithm.LimitReq(zone.rateMilliRequests(), rule.burst(),
        rule.nodelay() ? 0 : rule.delay(), rule.nodelay());
    FailurePolicy policy = switch (backend.fail()) {
      case OPEN -> FailurePolicy.failOpen();
      case CLOSED -> FailurePolicy.failClosed();
      case LOCAL -> FailurePolicy.fallback(LocalKeyedRateLimiter.<String>builder(t -> localLimitReq(rule, t))
          .maxKeys(maxKeys(zone.size(), RequestZone.NODE_HEADER)).ticker(ticker).build());
    };
    RedisRateLimiter limiter = RedisRateLimiter.builder(link(backend).commands()).name(zone.name())
        .keyPrefix("corral:gate:limit_req:").algorithm(algorithm).timeout(backend.timeout())
        .probeInterval(probeInterval(backend)).failurePolicy(policy).build();
    warmUp(backend, limiter.loadScripts());
    return new RedisZone<>(zone.name(), backend, limiter, limiter::redisAvailable, outage("req:" + zone.name()));
  }

  /**
   * A limiter in Redis for {@code limit_conn} line {@code rule}, whose zone has a backend: at most N requests in
   * progress per key across every gate sharing the Redis; a slot is a lease ({@code lease=}, default a minute)
   * that this gate renews every third of it while the request is in progress, so a long request keeps its slot
   * and a gate that dies gives its slots back within a lease. The limiter is kept across reloads while its zone,
   * N and backend are unchanged.
   */
  public synchronized RedisZone<RedisConcurrencyLimiter> redisConnections(LimitSettings.Connection rule) {
    LimitConnZone zone = rule.zone();
    ZoneBackend backend = zone.backend().orElseThrow();
    FailurePolicy policy = switch (backend.fail()) {
      case OPEN -> FailurePolicy.failOpen();
      case CLOSED -> FailurePolicy.failClosed();
      case LOCAL -> FailurePolicy.fallback(LocalKeyedConcurrencyLimiter.<String>of(rule.limit(),
          maxKeys(zone.size(), ConnectionZone.NODE_HEADER), ticker));
    };
    ConnectionLimiterKey id = new ConnectionLimiterKey(zone.name(), rule.limit(), backend);
    RedisConcurrencyLimiter limiter = connectionLimiters.get(id);
    if (limiter == null && previous != null) {
      limiter = previous.connectionLimiters.get(id);
    }
    if (limiter == null) {
      limiter = RedisConcurrencyLimiter.builder(link(backend).commands()).name(zone.name())
          .keyPrefix("corral:gate:limit_conn:").limit(rule.limit()).lease(backend.lease())
          .renewWith(links.renewals()).timeout(backend.timeout()).probeInterval(probeInterval(backend))
          .failurePolicy(policy).build();
    }
    link(backend);
    connectionLimiters.put(id, limiter);
    links.link(backend).awaitConnected(WARM_UP);
    return new RedisZone<>(zone.name(), backend, limiter, limiter::redisAvailable, outage("conn:" + zone.name()));
  }

  /**
   * At load time (not on an event loop): waits a moment for the connection and the scripts, so that the first
   * requests are not decided by the failure policy only because the link was still connecting.
   */
  private void warmUp(ZoneBackend backend, java.util.concurrent.CompletionStage<Void> scripts) {
    if (links.link(backend).awaitConnected(WARM_UP)) {
      try {
        scripts.toCompletableFuture().get(WARM_UP.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        // the first decision loads them again
      }
    }
  }

  private RedisLink link(ZoneBackend backend) {
    usedBackends.add(backend.url());
    return links.link(backend);
  }

  private AtomicBoolean outage(String zone) {
    return outages.computeIfAbsent(zone, z -> previous != null && previous.outages.containsKey(z)
        ? previous.outages.get(z) : new AtomicBoolean());
  }

  /** After a failure, how long decisions go to the policy before Redis is asked again. */
  private static Duration probeInterval(ZoneBackend backend) {
    Duration twice = backend.timeout().multipliedBy(2);
    return twice.compareTo(Duration.ofMillis(500)) > 0 ? twice : Duration.ofMillis(500);
  }

  /** The keys a local fallback of SIZE holds: short keys, one slab chunk of the next power of two each. */
  private static int maxKeys(long size, int nodeHeader) {
    int chunk = Integer.highestOneBit(nodeHeader + 16 - 1) << 1;
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, size / chunk));
  }

  private static LimitReq localLimitReq(LimitSettings.Request rule, Ticker ticker) {
    LimitReq.Builder b = LimitReq.builder().rateMilliRequests(rule.zone().rateMilliRequests()).burst(rule.burst())
        .ticker(ticker);
    if (rule.nodelay()) {
      b.nodelay();
    } else if (rule.delay() > 0) {
      b.delay(rule.delay());
    }
    return b.build();
  }

  /**
   * Forgets the previous configuration's states (the ones not taken over are dropped) and closes the Redis
   * connections no zone of this configuration uses.
   */
  public synchronized void seal() {
    if (previous != null) {
      // A limiter no longer used stops renewing: the slots of its requests still in progress lapse a lease later.
      for (RedisConcurrencyLimiter old : previous.connectionLimiters.values()) {
        if (!connectionLimiters.containsValue(old)) {
          old.close();
        }
      }
    }
    previous = null;
    links.retain(usedBackends);
  }

  /** Closes this gate's Redis connections (the gate stops). */
  public void close() {
    links.close();
  }

  private synchronized RequestZone requestState(String name) {
    return requests.get(name);
  }

  private synchronized ConnectionZone connectionState(String name) {
    return connections.get(name);
  }
}
