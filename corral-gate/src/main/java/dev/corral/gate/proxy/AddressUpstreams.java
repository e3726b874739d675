package dev.corral.gate.proxy;

import dev.corral.gate.config.BalanceMethod;
import dev.corral.gate.config.UpstreamConfig;
import dev.corral.gate.config.UpstreamServer;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * The implicit one-server upstreams that {@code proxy_pass} with variables reaches by IP address ({@code
 * http://127.0.0.1:8081/…} rendered per request), made on first use and kept with their keep-alive pools for the
 * life of one configuration (at most {@value #MAX} of them: a configuration that renders more addresses than that
 * gets the rest refused, rather than an unbounded table). Host names are not resolved: nginx without a
 * {@code resolver} refuses them too. Thread-safe.
 */
final class AddressUpstreams {
  static final int MAX = 1024;
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private final Map<String, UpstreamRuntime> byAddress = new ConcurrentHashMap<>();
  private final LongSupplier clock;
  private final RandomGenerator random;
  private volatile boolean closed;

  AddressUpstreams(LongSupplier clock, RandomGenerator random) {
    this.clock = clock;
    this.random = random;
  }

  /** The upstream for {@code authority} ({@code ip[:port]}, {@code [v6][:port]}); empty if it is not an IP address. */
  Optional<UpstreamRuntime> forAddress(String authority) {
    UpstreamRuntime known = byAddress.get(authority);
    if (known != null) {
      return Optional.of(known);
    }
    String host;
    int port = 80;
    String portText = null;
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      if (close < 0) {
        return Optional.empty();
      }
      host = authority.substring(1, close);
      if (authority.length() > close + 1) {
        if (authority.charAt(close + 1) != ':') {
          return Optional.empty();
        }
        portText = authority.substring(close + 2);
      }
      if (host.indexOf(':') < 0) {
        return Optional.empty();
      }
    } else {
      int colon = authority.indexOf(':');
      host = colon < 0 ? authority : authority.substring(0, colon);
      portText = colon < 0 ? null : authority.substring(colon + 1);
      if (!IPV4.matcher(host).matches()) {
        return Optional.empty();
      }
    }
    if (portText != null) {
      if (portText.isEmpty() || portText.length() > 5 || !portText.chars().allMatch(Character::isDigit)) {
        return Optional.empty();
      }
      port = Integer.parseInt(portText);
      if (port < 1 || port > 65535) {
        return Optional.empty();
      }
    }
    try {
      InetAddress.getByName(host); // a literal: parsed, never looked up
    } catch (java.net.UnknownHostException e) {
      return Optional.empty();
    }
    if (closed || byAddress.size() >= MAX) {
      return Optional.empty();
    }
    int p = port;
    return Optional.of(byAddress.computeIfAbsent(authority, a -> UpstreamRuntime.create(new UpstreamConfig(a,
        new BalanceMethod.RoundRobin(), List.of(UpstreamServer.of(host, p)), UpstreamConfig.DEFAULT_KEEPALIVE,
        UpstreamConfig.DEFAULT_KEEPALIVE_TIMEOUT, UpstreamConfig.DEFAULT_KEEPALIVE_REQUESTS, null), clock, random)));
  }

  /** Closes the idle pools; the configuration is retired. */
  void close() {
    closed = true;
    byAddress.values().forEach(u -> u.pool().close());
  }
}
