package dev.corral.gate.balance;

import static dev.corral.gate.balance.Upstreams.octet;
import static dev.corral.gate.balance.Upstreams.sequence;
import static dev.corral.gate.balance.Upstreams.server;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corral.gate.config.BalanceMethod;
import dev.corral.gate.config.UpstreamServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MembershipTest {
  private final Upstreams upstreams = new Upstreams();

  @Test
  void addedServerReceivesTraffic() {
    Upstream u = upstreams.roundRobin(server(1));
    u.addServer(server(2));
    assertThat(sequence(u, 4)).containsExactly(1, 2, 1, 2);
  }

  @Test
  void removedServerReceivesNoMoreTraffic() {
    Upstream u = upstreams.roundRobin(server(1), server(2), server(3));
    assertThat(u.removeServer("10.0.0.2:80")).isTrue();
    assertThat(sequence(u, 6)).doesNotContain(2);
    assertThat(u.removeServer("10.0.0.2:80")).isFalse();
  }

  @Test
  void drainedServerGetsNoNewRequestsButItsInFlightOnesStillCount() {
    Upstream u = upstreams.roundRobin(server(1), server(2));
    Selection inFlight = u.newSelection(new byte[0], "", 0);
    assertThat(octet(inFlight.next().orElseThrow())).isEqualTo(1);
    u.drain("10.0.0.1:80");
    assertThat(sequence(u, 4)).containsOnly(2);
    assertThat(u.status().get(0).activeConnections()).isEqualTo(1);
    inFlight.release(Outcome.SUCCESS, 0);
    assertThat(u.status().get(0).activeConnections()).isZero();
  }

  @Test
  void serversThatStayKeepTheirFailureState() {
    Upstream u = upstreams.roundRobin(server(1), server(2));
    Selection s = u.newSelection(new byte[0], "", 1);
    s.next().orElseThrow();
    s.release(Outcome.FAILURE, 0);
    u.addServer(server(3));
    assertThat(u.status().get(0).fails()).isEqualTo(1);
    assertThat(sequence(u, 4)).doesNotContain(1);
  }

  @Test
  void requestInFlightKeepsTheMembershipItStartedWith() {
    Upstream u = upstreams.roundRobin(server(1), server(2));
    Selection s = u.newSelection(new byte[0], "", 0);
    u.setServers(List.of(server(3)));
    assertThat(octet(s.next().orElseThrow())).isIn(1, 2);
    s.release(Outcome.SUCCESS, 0);
    assertThat(sequence(u, 2)).containsOnly(3);
  }

  @Test
  void lastPrimaryCannotBeRemoved() {
    Upstream u = upstreams.roundRobin(server(1));
    assertThatThrownBy(() -> u.removeServer("10.0.0.1:80")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("last server of upstream \"u\", which has no zone");
  }

  @Test
  void maxConnsHoldsExactlyAcrossThreads() throws Exception {
    UpstreamServer limited = new UpstreamServer("10.0.0.1", 80, 1, 0, Duration.ofSeconds(10), 3, false, false);
    Upstream u = upstreams.of(new BalanceMethod.LeastConn(), limited);
    AtomicInteger active = new AtomicInteger();
    AtomicInteger maxSeen = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        futures.add(pool.submit(() -> {
          for (int i = 0; i < 5000; i++) {
            Selection s = u.newSelection(new byte[0], "", 0);
            if (s.next().isPresent()) {
              maxSeen.accumulateAndGet(active.incrementAndGet(), Math::max);
              active.decrementAndGet();
              s.release(Outcome.SUCCESS, 0);
            }
          }
        }));
      }
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(maxSeen.get()).isLessThanOrEqualTo(3);
    assertThat(u.status().get(0).activeConnections()).isZero();
  }
}
