package dev.corral.gate.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a directive tree into a validated {@link GateConfig}: the main and {@code events} contexts, then
 * {@code http} with its upstreams, log formats and servers. Every directive is either understood or an error;
 * nothing is ignored. Relative paths ({@code pid}, logs) resolve against the prefix. Not thread-safe; one compiler
 * compiles one tree.
 */
final class GateConfigCompiler {
  private final Path prefix;
  private final DirectiveCatalog catalog = new DirectiveCatalog();

  GateConfigCompiler(Path prefix) {
    this.prefix = prefix;
  }

  GateConfig compile(List<Directive> tree) {
    int workers = 0;
    Path pid = prefix.resolve("logs/gate.pid");
    Optional<Path> errorLog = Optional.empty();
    String errorLevel = "error";
    boolean daemon = false;
    int workerConnections = 512;
    long rlimit = 0;
    Optional<String> user = Optional.empty();
    Optional<String> eventMethod = Optional.empty();
    Optional<java.time.Duration> shutdownTimeout = Optional.empty();
    Optional<Directive> http = Optional.empty();
    Optional<Directive> stream = Optional.empty();
    List<AdminListen> adminListens = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Directive d : tree) {
      if (!DirectiveCatalog.MAIN.contains(d.name())) {
        throw catalog.misplaced(d);
      }
      if (d.name().equals("admin_listen")) { // several are allowed: a socket and a loopback port
        adminListens.add(adminListen(d, adminListens));
        continue;
      }
      if (!seen.add(d.name())) {
        throw new ConfigException("\"" + d.name() + "\" directive is duplicate", d.position());
      }
      switch (d.name()) {
        case "worker_processes" -> {
          Values.requireArgs(d, 1, 1);
          workers = d.arg(0).equals("auto") ? 0 : Values.integer(d, d.arg(0), 1, 1024);
        }
        case "worker_rlimit_nofile" -> {
          Values.requireArgs(d, 1, 1);
          rlimit = Values.integer(d, d.arg(0), 1, Integer.MAX_VALUE);
        }
        case "pid" -> {
          Values.requireArgs(d, 1, 1);
          pid = prefix.resolve(d.arg(0));
        }
        case "error_log" -> {
          Values.requireArgs(d, 1, 2);
          LogCompiler.refuseUnsupportedErrorLog(d);
          errorLog = Optional.of(prefix.resolve(d.arg(0)));
          if (d.args().size() == 2) {
            errorLevel = errorLevel(d, d.arg(1));
          }
        }
        case "daemon" -> {
          Values.requireArgs(d, 1, 1);
          daemon = Values.flag(d, d.arg(0));
        }
        case "user" -> {
          Values.requireArgs(d, 1, 2);
          user = Optional.of(d.arg(0));
        }
        case "events" -> {
          Events events = events(d);
          workerConnections = events.workerConnections();
          eventMethod = events.use();
        }
        case "http" -> http = Optional.of(d);
        case "stream" -> stream = Optional.of(d);
        case "worker_shutdown_timeout" -> shutdownTimeout = Optional.of(Values.time(d));
        default -> throw new IllegalStateException("unhandled main directive " + d.name());
      }
    }
    MainConfig main = new MainConfig(workers, pid, errorLog, errorLevel, daemon, workerConnections, rlimit, user,
        eventMethod, shutdownTimeout);
    GateConfig config;
    if (http.isEmpty()) {
      config = new GateConfig(main, Map.of(), List.of(), tree, List.of(), adminListens);
    } else {
      UserVariables variables = UserVariables.open(tree);
      try {
        config = compileHttp(main, http.get(), tree).withAdminListens(adminListens);
      } finally {
        variables.close();
      }
    }
    if (stream.isPresent()) {
      config = config.withStream(new StreamCompiler(prefix, catalog).compile(stream.get()));
    }
    return config;
  }

  private AdminListen adminListen(Directive d, List<AdminListen> earlier) {
    AdminListen listen = AdminListen.compile(d, prefix);
    if (earlier.stream().anyMatch(listen::sameAs)) {
      throw new ConfigException("duplicate admin_listen " + listen.text(), d.position());
    }
    return listen;
  }

  /** One of nginx's error log levels, else an error naming the directive. */
  static String errorLevel(Directive d, String level) {
    return switch (level) {
      case "debug", "info", "notice", "warn", "error", "crit", "alert", "emerg" -> level;
      default -> throw Values.invalid(d, level, "debug, info, notice, warn, error, crit, alert or emerg");
    };
  }

  /** The {@code events} block: {@code worker_connections} and the {@code use}d event method, if any. */
  private record Events(int workerConnections, Optional<String> use) {}

  private Events events(Directive d) {
    Values.requireBlock(d, 0, 0);
    int connections = 512;
    Optional<String> use = Optional.empty();
    for (Directive child : d.children()) {
      if (!DirectiveCatalog.EVENTS.contains(child.name())) {
        throw catalog.misplaced(child);
      }
      Values.requireArgs(child, 1, 1);
      if (child.name().equals("use")) {
        // nginx's event method. Corral's are Netty's native transports: epoll (as nginx) and io_uring (a Corral
        // extension, the default where available); nginx's others do not exist on Linux.
        if (!child.arg(0).equals("epoll") && !child.arg(0).equals("io_uring")) {
          throw Values.invalid(child, child.arg(0), "epoll or io_uring (the event methods of corral gate on Linux)");
        }
        use = Optional.of(child.arg(0));
      } else {
        connections = Values.integer(child, child.arg(0), 1, 10_000_000);
      }
    }
    return new Events(connections, use);
  }

  private GateConfig compileHttp(MainConfig main, Directive http, List<Directive> tree) {
    Values.requireBlock(http, 0, 0);
    Map<String, Template> logFormats = new HashMap<>();
    logFormats.put(AccessLog.COMBINED_NAME, Template.compile(AccessLog.COMBINED, http.position()));
    AccessLog defaultLog = new AccessLog(Optional.of(prefix.resolve("logs/access.log")), AccessLog.COMBINED_NAME,
        logFormats.get(AccessLog.COMBINED_NAME));
    LimitZones zones = LimitZoneCompiler.compile(http);
    SettingsBuilder settings = new SettingsBuilder(ProxySettings.defaults(defaultLog, prefix), prefix, logFormats, zones);
    Map<String, UpstreamConfig> upstreams = new LinkedHashMap<>();
    List<Directive> serverBlocks = new ArrayList<>();
    Map<String, HealthMatch> matches = matches(http);
    HashSizes hashSizes = new HashSizes();
    for (Directive d : http.children()) {
      if (hashSizes.apply(d)) {
        continue;
      }
      switch (d.name()) {
        case "log_format" -> logFormat(d, logFormats);
        case "match" -> { } // compiled first: health_check match=NAME may name a block defined after it
        case "limit_req_zone", "limit_conn_zone" -> { } // compiled first: limit_req may name a later zone
        case "map" -> MapCompiler.compile(d);
        case "upstream" -> {
          UpstreamConfig upstream = UpstreamCompiler.compile(d, catalog, matches, prefix);
          if (upstreams.putIfAbsent(upstream.name(), upstream) != null) {
            throw new ConfigException("duplicate upstream \"" + upstream.name() + "\"", d.position());
          }
        }
        case "server" -> serverBlocks.add(d);
        default -> {
          if (RewriteCompiler.STATEMENTS.contains(d.name())) {
            throw new ConfigException("\"" + d.name() + "\" directive is not allowed here", d.position());
          }
          if (!settings.apply(d, false)) {
            throw catalog.misplaced(d);
          }
        }
      }
    }
    ProxySettings httpSettings = settings.build();
    ServerCompiler servers = new ServerCompiler(catalog, prefix, logFormats, zones);
    List<ServerConfig> compiled = new ArrayList<>();
    for (Directive d : serverBlocks) {
      compiled.add(servers.compile(d, httpSettings));
    }
    hashSizes.checkServerNames(compiled);
    for (ServerCompiler.UpstreamReference ref : servers.references()) {
      resolve(ref, upstreams);
    }
    checkDuplicateDefaults(compiled);
    checkAccessLogBuffering(compiled);
    return new GateConfig(main, upstreams, compiled, tree, List.of());
  }

  /** The {@code match} blocks of the http context by name; a name defined twice is an error. */
  private Map<String, HealthMatch> matches(Directive http) {
    Map<String, HealthMatch> matches = new HashMap<>();
    for (Directive d : http.children()) {
      if (d.name().equals("match")) {
        HealthMatch match = MatchCompiler.compile(d, catalog);
        if (matches.putIfAbsent(match.name(), match) != null) {
          throw new ConfigException("duplicate match \"" + match.name() + "\"", d.position());
        }
      }
    }
    return matches;
  }

  private static void resolve(ServerCompiler.UpstreamReference ref, Map<String, UpstreamConfig> upstreams) {
    if (upstreams.containsKey(ref.name())) {
      return;
    }
    if (!ref.portGiven()) {
      throw new ConfigException("host not found in upstream \"" + ref.name() + "\" (no upstream block of that "
          + "name; corral gate does not resolve DNS in proxy_pass)", ref.directive().position());
    }
    HostPort hp = HostPort.parse(ref.directive(), ref.name(), 80).orElseThrow();
    upstreams.put(ref.name(), new UpstreamConfig(ref.name(), new BalanceMethod.RoundRobin(),
        List.of(UpstreamServer.of(hp.host(), hp.port())), UpstreamConfig.DEFAULT_KEEPALIVE,
        UpstreamConfig.DEFAULT_KEEPALIVE_TIMEOUT, UpstreamConfig.DEFAULT_KEEPALIVE_REQUESTS,
        ref.directive().position()));
  }

  private static void logFormat(Directive d, Map<String, Template> logFormats) {
    Values.requireArgs(d, 2, 1024);
    if (d.arg(1).startsWith("escape=")) {
      throw new ConfigException("\"log_format ... escape=\" is not supported by corral gate", d.position());
    }
    if (logFormats.containsKey(d.arg(0))) {
      throw new ConfigException("duplicate \"log_format\" name \"" + d.arg(0) + "\"", d.position());
    }
    String format = String.join("", d.args().subList(1, d.args().size()));
    logFormats.put(d.arg(0), Template.compile(format, d.position()));
  }

  /** nginx has one buffer per log file, so a file may not be given two different buffer=/flush= settings. */
  private static void checkAccessLogBuffering(List<ServerConfig> servers) {
    Map<Path, AccessLog> seen = new HashMap<>();
    for (ServerConfig server : servers) {
      for (AccessLog log : server.settings().logs().accessLogs()) {
        checkAccessLog(seen, log, server.position());
      }
      for (LocationConfig location : server.allLocations()) {
        for (AccessLog log : location.settings().logs().accessLogs()) {
          checkAccessLog(seen, log, location.position());
        }
      }
    }
  }

  private static void checkAccessLog(Map<Path, AccessLog> seen, AccessLog log, SourcePosition position) {
    if (log.path().isEmpty()) {
      return;
    }
    AccessLog first = seen.putIfAbsent(log.path().get(), log);
    if (first != null && first.conflictsWith(log)) {
      throw new ConfigException("access_log \"" + log.path().get() + "\" already defined with conflicting "
          + "buffer= or flush= parameters", position);
    }
  }

  private static void checkDuplicateDefaults(List<ServerConfig> servers) {
    Map<String, ServerConfig> defaults = new HashMap<>();
    for (ServerConfig server : servers) {
      for (Listen listen : server.listens()) {
        if (listen.defaultServer() && defaults.putIfAbsent(listen.bindKey(), server) != null) {
          throw new ConfigException("a duplicate default server for " + listen.bindKey(), server.position());
        }
      }
    }
  }
}
