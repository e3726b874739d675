package dev.corral.gate.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Compiles {@code limit_req*} and {@code limit_conn*} of one level into {@link LimitSettings}, with nginx's
 * messages for bad values; a zone named but never defined is {@code zone "NAME" is unknown}. Not thread-safe.
 */
final class LimitCompiler extends FeatureCompiler<LimitSettings> {
  static final Set<String> NAMES = Set.of("limit_req", "limit_req_status", "limit_req_log_level",
      "limit_req_dry_run", "limit_conn", "limit_conn_status", "limit_conn_log_level", "limit_conn_dry_run", "limit_req_headers");

  private final LimitZones zones;
  private List<LimitSettings.Request> requests;
  private boolean requestsDefinedHere;
  private int requestStatus;
  private String requestLogLevel;
  private boolean requestDryRun;
  private List<LimitSettings.Connection> connections;
  private boolean connectionsDefinedHere;
  private int connectionStatus;
  private String connectionLogLevel;
  private boolean connectionDryRun;
  private boolean requestHeaders;

  LimitCompiler(LimitSettings parent, LimitZones zones) {
    this.zones = zones;
    requests = parent.requests();
    requestStatus = parent.requestStatus();
    requestLogLevel = parent.requestLogLevel();
    requestDryRun = parent.requestDryRun();
    connections = parent.connections();
    connectionStatus = parent.connectionStatus();
    connectionLogLevel = parent.connectionLogLevel();
    connectionDryRun = parent.connectionDryRun();
    requestHeaders = parent.requestHeaders();
  }

  @Override
  Set<String> names() {
    return NAMES;
  }

  @Override
  Set<String> repeatable() {
    return Set.of("limit_req", "limit_conn");
  }

  @Override
  void apply(Directive d) {
    switch (d.name()) {
      case "limit_req" -> limitReq(d);
      case "limit_req_status" -> requestStatus = status(d);
      case "limit_req_log_level" -> requestLogLevel = logLevel(d);
      case "limit_req_dry_run" -> requestDryRun = flag(d);
      case "limit_conn" -> limitConn(d);
      case "limit_conn_status" -> connectionStatus = status(d);
      case "limit_conn_log_level" -> connectionLogLevel = logLevel(d);
      case "limit_conn_dry_run" -> connectionDryRun = flag(d);
      case "limit_req_headers" -> requestHeaders = flag(d);
      default -> throw new IllegalStateException("unhandled limit directive " + d.name());
    }
  }

  private void limitReq(Directive d) {
    Values.requireArgs(d, 1, 3);
    String zoneName = null;
    long burst = 0;
    long delay = 0;
    boolean nodelay = false;
    for (String arg : d.args()) {
      if (arg.startsWith("zone=")) {
        zoneName = arg.substring(5);
      } else if (arg.startsWith("burst=")) {
        burst = positive(arg.substring(6));
        if (burst <= 0) {
          throw new ConfigException("invalid burst value \"" + arg + "\"", d.position());
        }
      } else if (arg.startsWith("delay=")) {
        delay = positive(arg.substring(6));
        if (delay <= 0) {
          throw new ConfigException("invalid delay value \"" + arg + "\"", d.position());
        }
        nodelay = false;
      } else if (arg.equals("nodelay")) {
        nodelay = true;
      } else {
        throw new ConfigException("invalid parameter \"" + arg + "\"", d.position());
      }
    }
    if (zoneName == null) {
      throw new ConfigException("\"limit_req\" must have \"zone\" parameter", d.position());
    }
    LimitReqZone zone = zones.requests().get(zoneName);
    if (zone == null) {
      throw new ConfigException("zone \"" + zoneName + "\" is unknown", d.position());
    }
    if (burst > 500_000 || delay > 500_000) {
      throw Values.invalid(d, burst > 500_000 ? "burst=" + burst : "delay=" + delay, "at most 500000");
    }
    if (!requestsDefinedHere) {
      requestsDefinedHere = true;
      requests = new ArrayList<>();
    }
    for (LimitSettings.Request r : requests) {
      if (r.zone().name().equals(zoneName)) {
        throw new ConfigException("\"limit_req\" directive is duplicate", d.position());
      }
    }
    requests.add(new LimitSettings.Request(zone, burst, delay, nodelay, d.position()));
  }

  private void limitConn(Directive d) {
    Values.requireArgs(d, 2, 2);
    LimitConnZone zone = zones.connections().get(d.arg(0));
    if (zone == null) {
      throw new ConfigException("zone \"" + d.arg(0) + "\" is unknown", d.position());
    }
    long n = positive(d.arg(1));
    if (n <= 0) {
      throw new ConfigException("invalid number of connections \"" + d.arg(1) + "\"", d.position());
    }
    if (n > 65535) {
      throw new ConfigException("connection limit must be less 65536", d.position());
    }
    if (!connectionsDefinedHere) {
      connectionsDefinedHere = true;
      connections = new ArrayList<>();
    }
    for (LimitSettings.Connection c : connections) {
      if (c.zone().name().equals(zone.name())) {
        throw new ConfigException("\"limit_conn\" directive is duplicate", d.position());
      }
    }
    connections.add(new LimitSettings.Connection(zone, (int) n, d.position()));
  }

  /** A decimal number as nginx's ngx_atoi reads it: -1 unless it is all digits (and fits). */
  static long positive(String digits) {
    if (digits.isEmpty() || digits.length() > 12 || !digits.chars().allMatch(Character::isDigit)) {
      return -1;
    }
    return Long.parseLong(digits);
  }

  private static int status(Directive d) {
    Values.requireArgs(d, 1, 1);
    long code = positive(d.arg(0));
    if (code < 0) {
      throw new ConfigException("invalid number \"" + d.arg(0) + "\" in \"" + d.name() + "\" directive",
          d.position());
    }
    if (code < 400 || code > 599) {
      throw new ConfigException("value must be between 400 and 599", d.position());
    }
    return (int) code;
  }

  private static String logLevel(Directive d) {
    Values.requireArgs(d, 1, 1);
    return switch (d.arg(0)) {
      case "info", "notice", "warn", "error" -> d.arg(0);
      default -> throw Values.invalid(d, d.arg(0), "info, notice, warn or error");
    };
  }

  private static boolean flag(Directive d) {
    Values.requireArgs(d, 1, 1);
    return Values.flag(d, d.arg(0));
  }

  @Override
  LimitSettings build() {
    return new LimitSettings(requests, requestStatus, requestLogLevel, requestDryRun, connections,
        connectionStatus, connectionLogLevel, connectionDryRun, requestHeaders);
  }
}
