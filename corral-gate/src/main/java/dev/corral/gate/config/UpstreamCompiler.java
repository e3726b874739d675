package dev.corral.gate.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Compiles one {@code upstream NAME { ... }} block into an {@link UpstreamConfig}. Stateless. */
final class UpstreamCompiler {
  static final Set<String> NAMES = Set.of("server", "least_conn", "ip_hash", "hash", "random", "least_request",
      "keepalive", "keepalive_timeout", "keepalive_requests", "keepalive_time", "queue", "health_check", "zone", "state");

  private UpstreamCompiler() {}

  /**
   * Compiles {@code block}.
   *
   * @param matches the http context's {@code match} blocks by name, for {@code health_check match=NAME}
   * @throws ConfigException for any error, naming the file and line
   */
  static UpstreamConfig compile(Directive block, DirectiveCatalog catalog, Map<String, HealthMatch> matches,
      java.nio.file.Path prefix) {
    Values.requireBlock(block, 1, 1);
    String name = block.arg(0);
    BalanceMethod method = new BalanceMethod.RoundRobin();
    boolean methodSet = false;
    List<UpstreamServer> servers = new ArrayList<>();
    int keepalive = UpstreamConfig.DEFAULT_KEEPALIVE;
    Duration keepaliveTimeout = UpstreamConfig.DEFAULT_KEEPALIVE_TIMEOUT;
    int keepaliveRequests = UpstreamConfig.DEFAULT_KEEPALIVE_REQUESTS;
    Duration keepaliveTime = UpstreamConfig.DEFAULT_KEEPALIVE_TIME;
    UpstreamConfig.QueueConfig queue = UpstreamConfig.QueueConfig.NONE;
    java.util.Optional<UpstreamConfig.HealthCheck> healthCheck = java.util.Optional.empty();
    java.util.Optional<String> zone = java.util.Optional.empty();
    java.util.Optional<Directive> state = java.util.Optional.empty();
    Set<String> seen = new HashSet<>();
    for (Directive d : block.children()) {
      if (!NAMES.contains(d.name())) {
        throw catalog.misplaced(d);
      }
      if (!d.name().equals("server") && !seen.add(d.name())) {
        throw new ConfigException("\"" + d.name() + "\" directive is duplicate", d.position());
      }
      switch (d.name()) {
        case "server" -> servers.add(server(d));
        case "keepalive" -> {
          Values.requireArgs(d, 1, 1);
          keepalive = Values.integer(d, d.arg(0), 0, 1_000_000);
        }
        case "keepalive_timeout" -> {
          Values.requireArgs(d, 1, 1);
          keepaliveTimeout = Values.duration(d, d.arg(0));
        }
        case "zone" -> {
          // nginx shares an upstream's state between workers only with a zone; corral gate is one process, so
          // the state is always shared: the directive is checked and its meaning is always in effect. As in nginx
          // Plus, an upstream with a zone may have no servers: they come from the runtime API.
          Values.requireArgs(d, 1, 2);
          if (d.args().size() == 2) {
            Values.size(d, d.arg(1));
          }
          zone = java.util.Optional.of(d.arg(0));
        }
        case "state" -> {
          Values.requireArgs(d, 1, 1);
          state = java.util.Optional.of(d);
        }
        case "health_check" -> healthCheck = java.util.Optional.of(healthCheck(d, matches));
        case "queue" -> {
          Values.requireArgs(d, 1, 2);
          int size = Values.integer(d, d.arg(0), 1, 1_000_000);
          java.time.Duration timeout = UpstreamConfig.QueueConfig.DEFAULT_TIMEOUT;
          if (d.args().size() == 2) {
            if (!d.arg(1).startsWith("timeout=")) {
              throw new ConfigException("invalid parameter \"" + d.arg(1) + "\"", d.position());
            }
            timeout = Values.duration(d, d.arg(1).substring(8));
          }
          queue = new UpstreamConfig.QueueConfig(size, timeout);
        }
        case "keepalive_time" -> {
          Values.requireArgs(d, 1, 1);
          keepaliveTime = Values.duration(d, d.arg(0));
        }
        case "keepalive_requests" -> {
          Values.requireArgs(d, 1, 1);
          keepaliveRequests = Values.integer(d, d.arg(0), 1, Integer.MAX_VALUE);
        }
        default -> {
          if (methodSet) {
            throw new ConfigException("load balancing method redefined", d.position());
          }
          methodSet = true;
          method = method(d);
        }
      }
    }
    java.util.Optional<java.nio.file.Path> stateFile = state.map(d -> prefix.resolve(d.arg(0)));
    if (state.isPresent()) {
      // nginx Plus: the servers of an upstream with a state file are the file's, changed through the API.
      if (!servers.isEmpty()) {
        throw new ConfigException("\"state\" directive is incompatible with \"server\"", state.get().position());
      }
      if (zone.isEmpty()) {
        throw new ConfigException("\"state\" directive requires a \"zone\" in the upstream",
            state.get().position());
      }
      servers.addAll(UpstreamStateFile.read(stateFile.get()));
    }
    if (servers.isEmpty() && zone.isEmpty()) {
      throw new ConfigException("no servers are inside upstream", block.position());
    }
    boolean hashing = method instanceof BalanceMethod.Hash || method instanceof BalanceMethod.IpHash
        || method instanceof BalanceMethod.Random;
    if (hashing && servers.stream().anyMatch(UpstreamServer::backup)) {
      throw new ConfigException("balancing method does not support parameter \"backup\"", block.position());
    }
    if (hashing && servers.stream().anyMatch(s -> !s.slowStart().isZero())) {
      throw new ConfigException("balancing method does not support parameter \"slow_start\"", block.position());
    }
    return new UpstreamConfig(name, method, servers, keepalive, keepaliveTimeout, keepaliveRequests, queue,
        healthCheck, block.position(), zone, stateFile, keepaliveTime);
  }

  private static UpstreamConfig.HealthCheck healthCheck(Directive d, Map<String, HealthMatch> matches) {
    Values.requireArgs(d, 0, 5);
    UpstreamConfig.HealthCheck h = UpstreamConfig.HealthCheck.DEFAULTS;
    Duration interval = h.interval();
    int fall = h.fall();
    int rise = h.rise();
    String uri = h.uri();
    java.util.Optional<HealthMatch> match = h.match();
    for (String param : d.args()) {
      if (param.startsWith("interval=")) {
        interval = Values.duration(d, param.substring(9));
        if (interval.isZero()) {
          throw Values.invalid(d, param, "interval above 0");
        }
      } else if (param.startsWith("fall=") || param.startsWith("fails=")) {
        fall = Values.integer(d, param.substring(param.indexOf('=') + 1), 1, 1000);
      } else if (param.startsWith("rise=") || param.startsWith("passes=")) {
        rise = Values.integer(d, param.substring(param.indexOf('=') + 1), 1, 1000);
      } else if (param.startsWith("uri=") && param.length() > 4 && param.charAt(4) == '/') {
        uri = param.substring(4);
      } else if (param.startsWith("match=") && param.length() > 6) {
        String name = param.substring(6);
        match = java.util.Optional.ofNullable(matches.get(name));
        if (match.isEmpty()) {
          throw new ConfigException("match \"" + name + "\" not found (no match block of that name in http)",
              d.position());
        }
      } else {
        throw new ConfigException("invalid parameter \"" + param + "\"", d.position());
      }
    }
    return new UpstreamConfig.HealthCheck(interval, fall, rise, uri, match);
  }

  private static BalanceMethod method(Directive d) {
    return switch (d.name()) {
      case "least_conn" -> {
        Values.requireArgs(d, 0, 0);
        yield new BalanceMethod.LeastConn();
      }
      case "ip_hash" -> {
        Values.requireArgs(d, 0, 0);
        yield new BalanceMethod.IpHash();
      }
      case "least_request" -> {
        Values.requireArgs(d, 0, 0);
        yield new BalanceMethod.LeastRequest();
      }
      case "hash" -> {
        Values.requireArgs(d, 1, 2);
        if (d.args().size() == 2 && !d.arg(1).equals("consistent")) {
          throw new ConfigException("invalid parameter \"" + d.arg(1) + "\"", d.position());
        }
        yield new BalanceMethod.Hash(Template.compile(d.arg(0), d.position()), d.args().size() == 2);
      }
      case "random" -> {
        Values.requireArgs(d, 0, 2);
        if (d.args().size() >= 1 && !d.arg(0).equals("two")) {
          throw new ConfigException("invalid parameter \"" + d.arg(0) + "\"", d.position());
        }
        if (d.args().size() == 2 && !d.arg(1).equals("least_conn")) {
          throw new ConfigException("invalid parameter \"" + d.arg(1) + "\"", d.position());
        }
        yield new BalanceMethod.Random(!d.args().isEmpty());
      }
      default -> throw new IllegalStateException("unhandled method " + d.name());
    };
  }

  static UpstreamServer server(Directive d) {
    Values.requireArgs(d, 1, 8);
    HostPort address = HostPort.parse(d, d.arg(0), 80)
        .orElseThrow(() -> Values.invalid(d, d.arg(0), "host:port"));
    UpstreamServer s = UpstreamServer.of(address.host(), address.port());
    int weight = s.weight();
    int maxFails = s.maxFails();
    Duration failTimeout = s.failTimeout();
    int maxConns = 0;
    boolean backup = false;
    boolean down = false;
    Duration slowStart = Duration.ZERO;
    for (String param : d.args().subList(1, d.args().size())) {
      if (param.startsWith("weight=")) {
        weight = Values.integer(d, param.substring(7), 1, 1_000_000);
      } else if (param.startsWith("max_fails=")) {
        maxFails = Values.integer(d, param.substring(10), 0, 1_000_000);
      } else if (param.startsWith("fail_timeout=")) {
        failTimeout = Values.duration(d, param.substring(13));
      } else if (param.startsWith("max_conns=")) {
        maxConns = Values.integer(d, param.substring(10), 0, Integer.MAX_VALUE);
      } else if (param.startsWith("slow_start=")) {
        slowStart = Values.duration(d, param.substring(11));
      } else if (param.equals("backup")) {
        backup = true;
      } else if (param.equals("down")) {
        down = true;
      } else {
        throw new ConfigException("invalid parameter \"" + param + "\"", d.position());
      }
    }
    return new UpstreamServer(address.host(), address.port(), weight, maxFails, failTimeout, maxConns, backup,
        down, slowStart);
  }
}
