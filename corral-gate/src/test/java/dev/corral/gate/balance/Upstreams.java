package dev.corral.gate.balance;

import dev.corral.gate.config.BalanceMethod;
import dev.corral.gate.config.UpstreamConfig;
import dev.corral.gate.config.UpstreamServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/** Test helpers: upstreams over fake servers {@code 10.0.0.N:80}, on a fake clock. */
final class Upstreams {
  final AtomicLong clock = new AtomicLong(1_000_000_000L);

  static UpstreamServer server(int n, int weight) {
    return new UpstreamServer("10.0.0." + n, 80, weight, 1, Duration.ofSeconds(10), 0, false, false);
  }

  static UpstreamServer server(int n) {
    return server(n, 1);
  }

  Upstream of(BalanceMethod method, UpstreamServer... servers) {
    return Upstream.create(new UpstreamConfig("u", method, List.of(servers), 32, Duration.ofSeconds(60), 1000, null),
        clock::get, new Random(42));
  }

  Upstream roundRobin(UpstreamServer... servers) {
    return of(new BalanceMethod.RoundRobin(), servers);
  }

  void advance(Duration d) {
    clock.addAndGet(d.toNanos());
  }

  /** Runs {@code n} single-try requests, releasing each with success; returns the host octet chosen each time. */
  static List<Integer> sequence(Upstream upstream, int n) {
    List<Integer> picks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Selection s = upstream.newSelection(new byte[0], "", 0);
      Peer p = s.next().orElseThrow();
      picks.add(octet(p));
      s.release(Outcome.SUCCESS, 0);
    }
    return picks;
  }

  static int octet(Peer p) {
    String host = p.server().host();
    return Integer.parseInt(host.substring(host.lastIndexOf('.') + 1));
  }
}
