package dev.corral.gate.config;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

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
    Values.requireArgs(d, 3, 6);
    Template key = key(d);
    String name = null;
    long size = 0;
    long rateMr = 1000;
    BackendArgs backend = new BackendArgs(false);
    for (String arg : d.args().subList(1, d.args().size())) {
      if (arg.startsWith("zone=")) {
        int colon = arg.indexOf(':');
        name = colon < 0 ? arg.substring(5) : arg.substring(5, colon);
        size = zoneSize(d, arg, colon);
      } else if (arg.startsWith("rate=")) {
        rateMr = rate(d, arg);
      } else if (!backend.take(d, arg)) {
        throw new ConfigException("invalid parameter \"" + arg + "\"", d.position());
      }
    }
    if (name == null || name.isEmpty()) {
      throw new ConfigException("\"limit_req_zone\" must have \"zone\" parameter", d.position());
    }
    return new LimitReqZone(name, key, rateMr, size, backend.build(d), d.position());
  }

  private static LimitConnZone connectionZone(Directive d) {
    Values.requireArgs(d, 2, 6);
    Template key = key(d);
    String name = null;
    long size = 0;
    BackendArgs backend = new BackendArgs(true);
    for (String arg : d.args().subList(1, d.args().size())) {
      if (arg.startsWith("zone=")) {
        int colon = arg.indexOf(':');
        size = zoneSize(d, arg, colon);
        name = arg.substring(5, colon);
      } else if (!backend.take(d, arg)) {
        throw new ConfigException("invalid parameter \"" + arg + "\"", d.position());
      }
    }
    if (name == null || name.isEmpty()) {
      throw new ConfigException("\"limit_conn_zone\" must have \"zone\" parameter", d.position());
    }
    return new LimitConnZone(name, key, size, backend.build(d), d.position());
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

  /** The Corral extension's {@code backend=}, {@code fail=} and {@code timeout=} of one zone line. */
  private static final class BackendArgs {
    private final boolean leases;
    private String url;
    private String fail;
    private String timeout;
    private String lease;

    /** {@code leases}: whether {@code lease=} is taken (connection zones). */
    BackendArgs(boolean leases) {
      this.leases = leases;
    }

    /** Takes {@code arg} if it is one of the backend's parameters. */
    boolean take(Directive d, String arg) {
      if (arg.startsWith("backend=")) {
        url = arg.substring(8);
      } else if (arg.startsWith("fail=")) {
        fail = arg.substring(5);
      } else if (arg.startsWith("timeout=")) {
        timeout = arg.substring(8);
      } else if (leases && arg.startsWith("lease=")) {
        lease = arg.substring(6);
      } else {
        return false;
      }
      return true;
    }

    Optional<ZoneBackend> build(Directive d) {
      if (url == null) {
        if (fail != null || timeout != null || lease != null) {
          throw new ConfigException("\"" + (fail != null ? "fail=" : timeout != null ? "timeout=" : "lease=")
              + "\" needs \"backend=\" in \"" + d.name() + "\"", d.position());
        }
        return Optional.empty();
      }
      ZoneBackend.Fail policy = switch (fail == null ? "open" : fail) {
        case "open" -> ZoneBackend.Fail.OPEN;
        case "closed" -> ZoneBackend.Fail.CLOSED;
        case "local" -> ZoneBackend.Fail.LOCAL;
        default -> throw Values.invalid(d, "fail=" + fail, "fail=open, fail=closed or fail=local");
      };
      java.time.Duration wait = timeout == null ? java.time.Duration.ofMillis(100) : Values.duration(d, timeout);
      if (wait.isZero()) {
        throw Values.invalid(d, "timeout=" + timeout, "a time above 0 such as 100ms");
      }
      java.time.Duration held = lease == null ? java.time.Duration.ofMinutes(1) : Values.duration(d, lease);
      if (held.toMillis() < 3) {
        throw Values.invalid(d, "lease=" + lease, "a time of at least 3ms such as 1m");
      }
      return Optional.of(redis(d, url, policy, wait, held));
    }
  }

  /** {@code redis://HOST:PORT[/DB]}, HOST a name, an IPv4 address or a bracketed IPv6 address. */
  private static ZoneBackend redis(Directive d, String url, ZoneBackend.Fail fail, java.time.Duration timeout,
      java.time.Duration lease) {
    String expected = "backend=redis://HOST:PORT or redis://HOST:PORT/DB";
    if (!url.startsWith("redis://")) {
      throw Values.invalid(d, "backend=" + url, expected);
    }
    String rest = url.substring(8);
    int database = 0;
    int slash = rest.indexOf('/');
    if (slash >= 0) {
      long db = LimitCompiler.positive(rest.substring(slash + 1));
      if (db < 0 || db > 15) {
        throw Values.invalid(d, "backend=" + url, "a database number from 0 to 15 after the port");
      }
      database = (int) db;
      rest = rest.substring(0, slash);
    }
    int colon = rest.lastIndexOf(':');
    String host = colon < 0 ? "" : rest.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    long port = colon < 0 ? -1 : LimitCompiler.positive(rest.substring(colon + 1));
    if (host.isEmpty() || host.contains("@") || port < 1 || port > 65535) {
      throw Values.invalid(d, "backend=" + url, expected);
    }
    return new ZoneBackend(url, host, (int) port, database, fail, timeout, lease);
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
