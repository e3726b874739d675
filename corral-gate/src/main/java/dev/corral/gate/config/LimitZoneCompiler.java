package dev.corral.gate.config;

import java.util.HashMap;
import java.util.Map;

/**
 * Compiles the http block's {@code limit_req_zone} and {@code limit_conn_zone} lines (before the rest of the
 * block: a {@code limit_req} may name a zone defined after it, as in nginx), with nginx's messages. Stateless.
 */
final class LimitZoneCompiler {
  /** nginx refuses zones under 8 pages of 4 KiB. */
  private static final long MIN_SIZE = 8 * 4096;

  private LimitZoneCompiler() {}

  static LimitZones compile(Directive http) {
    Map<String, LimitReqZone> requests = new HashMap<>();
    Map<String, LimitConnZone> connections = new HashMap<>();
    for (Directive d : http.children()) {
      switch (d.name()) {
        case "limit_req_zone" -> {
          LimitReqZone zone = requestZone(d);
          LimitReqZone before = requests.putIfAbsent(zone.name(), zone);
          if (before != null || connections.containsKey(zone.name())) {
            throw new ConfigException("limit_req_zone \"" + zone.name() + "\" is already bound to key \""
                + (before != null ? before.key() : connections.get(zone.name()).key()) + "\"", d.position());
          }
        }
        case "limit_conn_zone" -> {
          LimitConnZone zone = connectionZone(d);
          LimitConnZone before = connections.putIfAbsent(zone.name(), zone);
          if (before != null || requests.containsKey(zone.name())) {
            throw new ConfigException("limit_conn_zone \"" + zone.name() + "\" is already bound to key \""
                + (before != null ? before.key() : requests.get(zone.name()).key()) + "\"", d.position());
          }
        }
        default -> { }
      }
    }
    return new LimitZones(requests, connections);
  }

  private static LimitReqZone requestZone(Directive d) {
    Values.requireArgs(d, 3, 3);
    Template key = key(d);
    String name = null;
    long size = 0;
    long rateMr = 1000;
    for (String arg : d.args().subList(1, d.args().size())) {
      if (arg.startsWith("zone=")) {
        int colon = arg.indexOf(':');
        name = colon < 0 ? arg.substring(5) : arg.substring(5, colon);
        size = zoneSize(d, arg, colon);
      } else if (arg.startsWith("rate=")) {
        rateMr = rate(d, arg);
      } else {
        throw new ConfigException("invalid parameter \"" + arg + "\"", d.position());
      }
    }
    if (name == null || name.isEmpty()) {
      throw new ConfigException("\"limit_req_zone\" must have \"zone\" parameter", d.position());
    }
    return new LimitReqZone(name, key, rateMr, size, d.position());
  }

  private static LimitConnZone connectionZone(Directive d) {
    Values.requireArgs(d, 2, 2);
    Template key = key(d);
    String arg = d.arg(1);
    if (!arg.startsWith("zone=")) {
      throw new ConfigException("invalid parameter \"" + arg + "\"", d.position());
    }
    int colon = arg.indexOf(':');
    long size = zoneSize(d, arg, colon);
    String name = arg.substring(5, colon);
    if (name.isEmpty()) {
      throw new ConfigException("\"limit_conn_zone\" must have \"zone\" parameter", d.position());
    }
    return new LimitConnZone(name, key, size, d.position());
  }

  private static Template key(Directive d) {
    return Template.compile(d.arg(0), d.position());
  }

  private static long zoneSize(Directive d, String arg, int colon) {
    if (colon < 0) {
      throw new ConfigException("invalid zone size \"" + arg + "\"", d.position());
    }
    long size;
    try {
      size = Values.size(d, arg.substring(colon + 1));
    } catch (ConfigException e) {
      throw new ConfigException("invalid zone size \"" + arg + "\"", d.position());
    }
    if (size < MIN_SIZE) {
      throw new ConfigException("zone \"" + arg + "\" is too small", d.position());
    }
    return size;
  }

  /** {@code rate=Nr/s} or {@code rate=Nr/m}, as nginx converts it: N × 1000 / seconds. */
  private static long rate(Directive d, String arg) {
    String value = arg.substring(5);
    long scale = 1;
    if (value.endsWith("r/s")) {
      value = value.substring(0, value.length() - 3);
    } else if (value.endsWith("r/m")) {
      scale = 60;
      value = value.substring(0, value.length() - 3);
    }
    long n = LimitCompiler.positive(value);
    if (n <= 0 || n > 1_000_000_000L) {
      throw new ConfigException("invalid rate \"" + arg + "\"", d.position());
    }
    return Math.max(1, n * 1000 / scale);
  }
}
