package dev.corral.gate.limit;

import dev.corral.gate.config.LimitConnZone;
import dev.corral.gate.config.LimitReqZone;
import dev.corral.gate.config.LimitSettings;
import dev.corral.limit.LimitReq;
import dev.corral.limit.LocalKeyedConcurrencyLimiter;
import dev.corral.limit.LocalKeyedRateLimiter;
import dev.corral.limit.Ticker;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The state of the {@code limit_req_zone}s and {@code limit_conn_zone}s of one configuration: per zone and per
 * {@code limit_req} shape (burst, delay) one {@link LocalKeyedRateLimiter} of {@link LimitReq}s computing nginx's
 * arithmetic, and per zone and connection limit one {@link LocalKeyedConcurrencyLimiter}; each holds at most the
 * zone's {@code maxKeys()} keys (the least recently used request key is evicted; a connection zone full of busy
 * keys refuses a new one).
 *
 * <p>Built when a configuration is loaded, from the previous configuration's states: a zone whose definition
 * (key, rate, size) and use are unchanged keeps its state, so a reload does not reset the limits. Every state is
 * created with the gate's {@link Ticker}, so tests drive the limits with a fake clock.
 *
 * <p>Thread-safe: {@link #requests} and {@link #connections} are called while a configuration is loaded; the
 * limiters they return are used by every event loop at once.
 */
public final class ZoneStates {
  private record RequestShape(String zone, long burst, long delay, boolean nodelay) {}

  private record ConnectionShape(String zone, int limit) {}

  private record RequestState(LimitReqZone zone, LocalKeyedRateLimiter<String> limiter) {}

  private record ConnectionState(LimitConnZone zone, LocalKeyedConcurrencyLimiter<String> limiter) {}

  private final Ticker ticker;
  private final Map<RequestShape, RequestState> requests = new HashMap<>();
  private final Map<ConnectionShape, ConnectionState> connections = new HashMap<>();
  /** The states a reload may keep; dropped by {@link #seal()} so that old configurations are not retained. */
  private ZoneStates previous;

  private ZoneStates(Ticker ticker, ZoneStates previous) {
    this.ticker = ticker;
    this.previous = previous;
  }

  /** Empty states for a new configuration, which may take over those of {@code previous}. */
  public static ZoneStates after(Optional<ZoneStates> previous, Ticker ticker) {
    return new ZoneStates(ticker, previous.orElse(null));
  }

  /** The keyed {@code limit_req} state for {@code rule}, kept from the previous configuration if unchanged. */
  public synchronized LocalKeyedRateLimiter<String> requests(LimitSettings.Request rule) {
    RequestShape shape = new RequestShape(rule.zone().name(), rule.burst(), rule.delay(), rule.nodelay());
    RequestState state = requests.get(shape);
    if (state == null && previous != null) {
      RequestState old = previous.requestState(shape);
      if (old != null && old.zone().sameDefinition(rule.zone())) {
        state = old;
      }
    }
    if (state == null) {
      LimitReqZone zone = rule.zone();
      state = new RequestState(zone, LocalKeyedRateLimiter.<String>builder(t -> limitReq(rule, t))
          .maxKeys(zone.maxKeys()).ticker(ticker).build());
    }
    requests.put(shape, state);
    return state.limiter();
  }

  /** The keyed {@code limit_conn} counters for {@code rule}, kept from the previous configuration if unchanged. */
  public synchronized LocalKeyedConcurrencyLimiter<String> connections(LimitSettings.Connection rule) {
    ConnectionShape shape = new ConnectionShape(rule.zone().name(), rule.limit());
    ConnectionState state = connections.get(shape);
    if (state == null && previous != null) {
      ConnectionState old = previous.connectionState(shape);
      if (old != null && old.zone().sameDefinition(rule.zone())) {
        state = old;
      }
    }
    if (state == null) {
      state = new ConnectionState(rule.zone(),
          LocalKeyedConcurrencyLimiter.of(rule.limit(), rule.zone().maxKeys(), ticker));
    }
    connections.put(shape, state);
    return state.limiter();
  }

  /** Forgets the previous configuration's states (the ones not taken over are dropped). */
  public synchronized void seal() {
    previous = null;
  }

  private synchronized RequestState requestState(RequestShape shape) {
    return requests.get(shape);
  }

  private synchronized ConnectionState connectionState(ConnectionShape shape) {
    return connections.get(shape);
  }

  private static LimitReq limitReq(LimitSettings.Request rule, Ticker ticker) {
    LimitReq.Builder b = LimitReq.builder().rateMilliRequests(rule.zone().rateMilliRequests()).burst(rule.burst())
        .ticker(ticker);
    if (rule.nodelay()) {
      b.nodelay();
    } else if (rule.delay() > 0) {
      b.delay(rule.delay());
    }
    return b.build();
  }
}
