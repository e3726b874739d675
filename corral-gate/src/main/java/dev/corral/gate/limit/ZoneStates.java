package dev.corral.gate.limit;

import dev.corral.gate.config.ConfigException;
import dev.corral.gate.config.LimitConnZone;
import dev.corral.gate.config.LimitReqZone;
import dev.corral.limit.Ticker;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

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
 * <p>Thread-safe: {@link #requests} and {@link #connections} are called while a configuration is loaded; the
 * zones they return are used by every event loop at once.
 */
public final class ZoneStates {
  private final Ticker ticker;
  private final Map<String, RequestZone> requests = new HashMap<>();
  private final Map<String, ConnectionZone> connections = new HashMap<>();
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

  /** Forgets the previous configuration's states (the ones not taken over are dropped). */
  public synchronized void seal() {
    previous = null;
  }

  private synchronized RequestZone requestState(String name) {
    return requests.get(name);
  }

  private synchronized ConnectionZone connectionState(String name) {
    return connections.get(name);
  }
}
