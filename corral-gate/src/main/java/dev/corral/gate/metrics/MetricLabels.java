package dev.corral.gate.metrics;

import dev.corral.gate.config.GateConfig;
import dev.corral.gate.config.LimitSettings;
import dev.corral.gate.config.LocationConfig;
import dev.corral.gate.config.LocationHandler;
import dev.corral.gate.config.ProxySettings;
import dev.corral.gate.config.ServerConfig;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The label values of the requests a configuration serves, worked out once per configuration load so that a
 * finished request finds them by one identity look-up of the settings it ended with (each location and each
 * server has its own settings object). Immutable once built; safe to share between threads after publication.
 */
final class MetricLabels {
  /**
   * What a request that ended with one location's (or server's) settings is counted under.
   *
   * @param location {@code = /x}, {@code /api/}, {@code ~ \.php$}, {@code @name}; {@code -} at server level
   * @param upstream the upstream group of its {@code proxy_pass}, {@code $} for one with variables, else
   *     {@link RequestMeters#NO_UPSTREAM}
   * @param limitReqZone the zone of the level's last {@code limit_req} line (the one nginx counts at once),
   *     null without one
   * @param limitConnZone the zone of its first {@code limit_conn} line, null without one
   */
  record Labels(String location, String upstream, String limitReqZone, String limitConnZone) {}

  static final Labels UNKNOWN = new Labels("-", RequestMeters.NO_UPSTREAM, null, null);

  private final Map<ProxySettings, Labels> bySettings;

  private MetricLabels(Map<ProxySettings, Labels> bySettings) {
    this.bySettings = bySettings;
  }

  static MetricLabels of(GateConfig config) {
    Map<ProxySettings, Labels> out = new IdentityHashMap<>();
    for (ServerConfig server : config.servers()) {
      out.putIfAbsent(server.settings(), labels("-", RequestMeters.NO_UPSTREAM, server.settings()));
      for (LocationConfig location : server.allLocations()) {
        out.putIfAbsent(location.settings(), labels(location(location), upstream(location.handler()),
            location.settings()));
      }
    }
    return new MetricLabels(out);
  }

  static MetricLabels empty() {
    return new MetricLabels(new IdentityHashMap<>());
  }

  /** The labels of a request that ended with {@code settings}; {@link #UNKNOWN} for settings of no location. */
  Labels of(ProxySettings settings) {
    Labels labels = settings == null ? null : bySettings.get(settings);
    return labels == null ? UNKNOWN : labels;
  }

  private static Labels labels(String location, String upstream, ProxySettings settings) {
    LimitSettings limits = settings.limits();
    List<LimitSettings.Request> req = limits.requests();
    List<LimitSettings.Connection> conn = limits.connections();
    return new Labels(location, upstream, req.isEmpty() ? null : req.get(req.size() - 1).zone().name(),
        conn.isEmpty() ? null : conn.get(0).zone().name());
  }

  private static String location(LocationConfig location) {
    String modifier = switch (location.match()) {
      case EXACT -> "=";
      case PREFIX_NO_REGEX -> "^~";
      case REGEX -> "~";
      case REGEX_CASELESS -> "~*";
      case PREFIX, NAMED -> "";
    };
    return RequestMeters.locationLabel(modifier, location.pattern());
  }

  private static String upstream(LocationHandler handler) {
    return switch (handler) {
      case LocationHandler.ProxyPass p -> p.upstream();
      case LocationHandler.ProxyPassVariables v -> "$";
      default -> RequestMeters.NO_UPSTREAM;
    };
  }
}
