package dev.corral.gate.config;

import java.util.Map;

/** The {@code limit_req_zone} and {@code limit_conn_zone} definitions of the http block, by name. Immutable. */
record LimitZones(Map<String, LimitReqZone> requests, Map<String, LimitConnZone> connections) {
  static final LimitZones NONE = new LimitZones(Map.of(), Map.of());

  LimitZones {
    requests = Map.copyOf(requests);
    connections = Map.copyOf(connections);
  }
}
