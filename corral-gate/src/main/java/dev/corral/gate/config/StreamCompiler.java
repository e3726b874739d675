package dev.corral.gate.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compiles the {@code stream} block into a {@link StreamConfig}, with nginx's messages: its {@code upstream}
 * blocks (the http balancers with the stream module's directives), {@code log_format}, {@code limit_conn_zone},
 * the settings of {@link StreamSettings} at stream and server level, and the {@code server} blocks with
 * {@code listen} and {@code proxy_pass}. The stream variables ({@code $bytes_received}, {@code $session_time},
 * {@code $protocol}…) are known here only. Not thread-safe; one compiler compiles one block.
 */
final class StreamCompiler {
  /** Directives of the stream block itself. */
  static final Set<String> BLOCK = Set.of("upstream", "server", "log_format", "limit_conn_zone");
  /** Settings allowed in the stream block and in its servers. */
  static final Set<String> SETTINGS = Set.of("proxy_connect_timeout", "proxy_timeout", "proxy_next_upstream",
      "proxy_next_upstream_tries", "proxy_next_upstream_timeout", "proxy_buffer_size", "limit_conn",
      "limit_conn_log_level", "limit_conn_dry_run", "access_log", "error_log", "tcp_nodelay", "proxy_half_close");
  /** The upstream directives of the stream module that Corral implements. */
  static final Set<String> UPSTREAM = Set.of("server", "least_conn", "hash", "random", "zone");
  /** Variables of the stream module that http does not have; read by the stream session by name. */
  static final List<String> STREAM_VARIABLES = List.of("bytes_received", "session_time", "protocol",
      "proxy_protocol_addr", "proxy_protocol_port", "upstream_first_byte_time", "upstream_session_time");

  private final Path prefix;
  private final DirectiveCatalog catalog;
  private final Map<String, Template> logFormats = new HashMap<>();

  StreamCompiler(Path prefix, DirectiveCatalog catalog) {
    this.prefix = prefix;
    this.catalog = catalog;
  }

  /**
   * Compiles {@code stream}.
   *
   * @throws ConfigException for any error, naming the file and line
   */
  StreamConfig compile(Directive stream) {
    Values.requireBlock(stream, 0, 0);
    UserVariables variables = UserVariables.open(List.of());
    try {
      STREAM_VARIABLES.forEach(variables::define);
      return compileBlock(stream);
    } finally {
      variables.close();
    }
  }

  private StreamConfig compileBlock(Directive stream) {
    for (Directive d : stream.children()) {
      if (d.name().equals("log_format")) {
        logFormat(d);
      }
      if (d.name().equals("limit_req_zone") || d.name().equals("map") || d.name().equals("set")) {
        throw new ConfigException("\"" + d.name() + "\" in stream is not supported by corral gate", d.position());
      }
    }
    LimitZones zones = LimitZoneCompiler.compile(stream);
    for (LimitConnZone zone : zones.connections().values()) {
      if (zone.backend().isPresent()) {
        throw new ConfigException("\"limit_conn_zone ... backend=\" in stream is not supported by corral gate",
            zone.position());
      }
    }
    Level top = new Level(StreamSettings.defaults(), zones);
    Map<String, UpstreamConfig> upstreams = new LinkedHashMap<>();
    List<Directive> serverBlocks = new ArrayList<>();
    for (Directive d : stream.children()) {
      switch (d.name()) {
        case "log_format", "limit_conn_zone" -> { }
        case "upstream" -> {
          UpstreamConfig upstream = upstream(d);
          if (upstreams.putIfAbsent(upstream.name(), upstream) != null) {
            throw new ConfigException("duplicate upstream \"" + upstream.name() + "\"", d.position());
          }
        }
        case "server" -> serverBlocks.add(d);
        default -> top.apply(d);
      }
    }
    StreamSettings inherited = top.build();
    List<StreamServer> servers = new ArrayList<>();
    Map<String, Directive> addresses = new HashMap<>();
    List<Directive> passes = new ArrayList<>();
    for (Directive block : serverBlocks) {
      StreamServer server = server(block, inherited, zones, passes);
      for (Listen listen : server.listens()) {
        if (addresses.putIfAbsent(listen.bindKey(), block) != null) {
          throw new ConfigException("duplicate \"" + listen.bindKey() + "\" address and port pair",
              block.position());
        }
      }
      servers.add(server);
    }
    for (Directive pass : passes) {
      implicitUpstream(pass, upstreams);
    }
    return new StreamConfig(upstreams, servers);
  }

  private void logFormat(Directive d) {
    Values.requireArgs(d, 2, 1024);
    if (d.arg(1).startsWith("escape=")) {
      throw new ConfigException("\"log_format ... escape=\" is not supported by corral gate", d.position());
    }
    if (logFormats.containsKey(d.arg(0))) {
      throw new ConfigException("duplicate \"log_format\" name \"" + d.arg(0) + "\"", d.position());
    }
    logFormats.put(d.arg(0), Template.compile(String.join("", d.args().subList(1, d.args().size())),
        d.position()));
  }

  private UpstreamConfig upstream(Directive block) {
    for (Directive d : block.children()) {
      if (!UPSTREAM.contains(d.name())) {
        throw d.name().equals("health_check") || d.name().equals("keepalive")
            ? new ConfigException("\"" + d.name() + "\" in a stream upstream is not supported by corral gate",
                d.position())
            : catalog.misplaced(d);
      }
      if (d.name().equals("server") && !d.args().isEmpty()) {
        HostPort hp = HostPort.parse(d, d.arg(0), 0).orElseThrow(() -> Values.invalid(d, d.arg(0), "host:port"));
        if (!hp.portGiven()) {
          throw new ConfigException("no port in upstream \"" + d.arg(0) + "\"", d.position());
        }
      }
    }
    return UpstreamCompiler.compile(block, catalog, Map.of(), prefix);
  }

  private StreamServer server(Directive block, StreamSettings inherited, LimitZones zones,
      List<Directive> passes) {
    Values.requireBlock(block, 0, 0);
    Level level = new Level(inherited, zones);
    List<Listen> listens = new ArrayList<>();
    Directive pass = null;
    for (Directive d : block.children()) {
      switch (d.name()) {
        case "listen" -> listens.add(listen(d));
        case "proxy_pass" -> {
          if (pass != null) {
            throw new ConfigException("\"proxy_pass\" directive is duplicate", d.position());
          }
          Values.requireArgs(d, 1, 1);
          if (d.arg(0).contains("$")) {
            throw new ConfigException("\"proxy_pass\" with variables in stream is not supported by corral gate",
                d.position());
          }
          pass = d;
        }
        default -> level.apply(d);
      }
    }
    if (listens.isEmpty()) {
      throw new ConfigException("no \"listen\" is defined for server in " + where(block), block.position());
    }
    if (pass == null) {
      throw new ConfigException("no handler for server in " + where(block), block.position());
    }
    passes.add(pass);
    return new StreamServer(listens, pass.arg(0), level.build(), block.position());
  }

  private static String where(Directive block) {
    return block.position().file() + ":" + block.position().line();
  }

  /** {@code proxy_pass host:port} without an upstream of that name gets an upstream of its one server. */
  private static void implicitUpstream(Directive pass, Map<String, UpstreamConfig> upstreams) {
    String target = pass.arg(0);
    if (upstreams.containsKey(target)) {
      return;
    }
    HostPort hp = HostPort.parse(pass, target, 0)
        .orElseThrow(() -> Values.invalid(pass, target, "an upstream name or host:port"));
    if (!hp.portGiven()) {
      throw new ConfigException("no port in upstream \"" + target + "\"", pass.position());
    }
    upstreams.put(target, new UpstreamConfig(target, new BalanceMethod.RoundRobin(),
        List.of(UpstreamServer.of(hp.host(), hp.port())), 0, UpstreamConfig.DEFAULT_KEEPALIVE_TIMEOUT,
        UpstreamConfig.DEFAULT_KEEPALIVE_REQUESTS, pass.position()));
  }

  private static Listen listen(Directive d) {
    Values.requireArgs(d, 1, 8);
    String address = d.arg(0);
    HostPort hp = address.chars().allMatch(Character::isDigit)
        ? new HostPort("*", Values.integer(d, address, 1, 65535), true)
        : HostPort.parse(d, address, 0).orElseThrow(() -> Values.invalid(d, address, "[address:]port"));
    if (!hp.portGiven()) {
      throw new ConfigException("invalid port in \"" + address + "\" of the \"listen\" directive", d.position());
    }
    boolean reuseport = false;
    int backlog = Listen.DEFAULT_BACKLOG;
    for (String param : d.args().subList(1, d.args().size())) {
      if (param.equals("reuseport")) {
        reuseport = true;
      } else if (param.startsWith("backlog=")) {
        backlog = Values.integer(d, param.substring(8), 1, 1 << 20);
      } else if (param.equals("bind")) {
        // Corral binds every listen address on its own already.
      } else if (param.equals("ssl") || param.equals("udp") || param.equals("proxy_protocol")
          || param.startsWith("so_keepalive=")) {
        throw new ConfigException("\"listen ... " + param + "\" in stream is not supported by corral gate",
            d.position());
      } else {
        throw new ConfigException("invalid parameter \"" + param + "\"", d.position());
      }
    }
    String host = hp.host().equals("0.0.0.0") ? "*" : hp.host();
    return new Listen(host, hp.port(), false, reuseport, backlog);
  }

  /** The settings of one level (stream or server), starting from the level above's. */
  private final class Level {
    private final LimitZones zones;
    private final LogCompiler logs;
    private final Set<String> seen = new HashSet<>();
    private StreamSettings s;
    private List<StreamSettings.Limit> limits;
    private boolean limitsHere;

    Level(StreamSettings parent, LimitZones zones) {
      this.s = parent;
      this.zones = zones;
      this.limits = parent.limits();
      this.logs = new LogCompiler(parent.logs(), prefix, logFormats);
    }

    void apply(Directive d) {
      if (!SETTINGS.contains(d.name())) {
        throw catalog.misplaced(d);
      }
      boolean repeatable = d.name().equals("limit_conn") || d.name().equals("access_log")
          || d.name().equals("error_log");
      if (!repeatable && !seen.add(d.name())) {
        throw new ConfigException("\"" + d.name() + "\" directive is duplicate", d.position());
      }
      switch (d.name()) {
        case "proxy_connect_timeout" -> s = with(s, Values.time(d), s.timeout(), s.nextUpstream(),
            s.nextUpstreamTries(), s.nextUpstreamTimeout(), s.bufferSize());
        case "proxy_timeout" -> s = with(s, s.connectTimeout(), Values.time(d), s.nextUpstream(),
            s.nextUpstreamTries(), s.nextUpstreamTimeout(), s.bufferSize());
        case "proxy_next_upstream" -> {
          Values.requireArgs(d, 1, 1);
          s = with(s, s.connectTimeout(), s.timeout(), Values.flag(d, d.arg(0)), s.nextUpstreamTries(),
              s.nextUpstreamTimeout(), s.bufferSize());
        }
        case "proxy_next_upstream_tries" -> {
          Values.requireArgs(d, 1, 1);
          s = with(s, s.connectTimeout(), s.timeout(), s.nextUpstream(),
              Values.integer(d, d.arg(0), 0, Integer.MAX_VALUE), s.nextUpstreamTimeout(), s.bufferSize());
        }
        case "proxy_next_upstream_timeout" -> s = with(s, s.connectTimeout(), s.timeout(), s.nextUpstream(),
            s.nextUpstreamTries(), Values.time(d), s.bufferSize());
        case "proxy_buffer_size" -> {
          Values.requireArgs(d, 1, 1);
          long size = Values.size(d, d.arg(0));
          if (size < 1 || size > 64L * 1024 * 1024) {
            throw Values.invalid(d, d.arg(0), "a size from 1 to 64m");
          }
          s = with(s, s.connectTimeout(), s.timeout(), s.nextUpstream(), s.nextUpstreamTries(),
              s.nextUpstreamTimeout(), (int) size);
        }
        case "limit_conn" -> limit(d);
        case "proxy_half_close" -> {
          Values.requireArgs(d, 1, 1);
          s = new StreamSettings(s.connectTimeout(), s.timeout(), s.nextUpstream(), s.nextUpstreamTries(),
              s.nextUpstreamTimeout(), s.bufferSize(), Values.flag(d, d.arg(0)), s.limits(), s.limitLogLevel(),
              s.limitDryRun(), s.logs());
        }
        case "limit_conn_log_level" -> {
          Values.requireArgs(d, 1, 1);
          String level = switch (d.arg(0)) {
            case "info", "notice", "warn", "error" -> d.arg(0);
            default -> throw Values.invalid(d, d.arg(0), "info, notice, warn or error");
          };
          s = new StreamSettings(s.connectTimeout(), s.timeout(), s.nextUpstream(), s.nextUpstreamTries(),
              s.nextUpstreamTimeout(), s.bufferSize(), s.halfClose(), s.limits(), level, s.limitDryRun(), s.logs());
        }
        case "limit_conn_dry_run" -> {
          Values.requireArgs(d, 1, 1);
          s = new StreamSettings(s.connectTimeout(), s.timeout(), s.nextUpstream(), s.nextUpstreamTries(),
              s.nextUpstreamTimeout(), s.bufferSize(), s.halfClose(), s.limits(), s.limitLogLevel(), Values.flag(d, d.arg(0)),
              s.logs());
        }
        case "tcp_nodelay" -> {
          // Corral sets TCP_NODELAY on every connection, as nginx's default "on".
          Values.requireArgs(d, 1, 1);
          if (!Values.flag(d, d.arg(0))) {
            throw new ConfigException("\"tcp_nodelay off\" is not supported by corral gate", d.position());
          }
        }
        default -> logs.apply(d); // access_log, error_log
      }
    }

    private void limit(Directive d) {
      Values.requireArgs(d, 2, 2);
      LimitConnZone zone = zones.connections().get(d.arg(0));
      if (zone == null) {
        throw new ConfigException("zone \"" + d.arg(0) + "\" is unknown", d.position());
      }
      int n = Values.integer(d, d.arg(1), 1, 65535);
      if (!limitsHere) {
        limitsHere = true;
        limits = new ArrayList<>();
      }
      for (StreamSettings.Limit l : limits) {
        if (l.zone().name().equals(zone.name())) {
          throw new ConfigException("\"limit_conn\" directive is duplicate", d.position());
        }
      }
      limits.add(new StreamSettings.Limit(zone, n));
    }

    StreamSettings build() {
      return new StreamSettings(s.connectTimeout(), s.timeout(), s.nextUpstream(), s.nextUpstreamTries(),
          s.nextUpstreamTimeout(), s.bufferSize(), s.halfClose(), limits, s.limitLogLevel(), s.limitDryRun(), logs.build());
    }
  }

  private static StreamSettings with(StreamSettings s, java.time.Duration connect, java.time.Duration timeout,
      boolean next, int tries, java.time.Duration nextTimeout, int buffer) {
    return new StreamSettings(connect, timeout, next, tries, nextTimeout, buffer, s.halfClose(), s.limits(), s.limitLogLevel(),
        s.limitDryRun(), s.logs());
  }
}
