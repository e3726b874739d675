package dev.corral.gate.balance;

import static dev.corral.gate.balance.Upstreams.octet;
import static dev.corral.gate.balance.Upstreams.sequence;
import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.gate.config.UpstreamServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Corral's slow start: a recovered server's weight ramps up instead of taking its full share at once. */
class SlowStartTest {
  private final Upstreams upstreams = new Upstreams();

  private static UpstreamServer server(int n, Duration slowStart) {
    return new UpstreamServer("10.0.0." + n, 80, 10, 1, Duration.ofSeconds(10), 0, false, false, slowStart);
  }

  private Upstream failFirstServerThenRecover(Duration slowStart) {
    Upstream u = upstreams.roundRobin(server(1, slowStart), server(2, Duration.ZERO));
    Selection s = u.newSelection(new byte[0], "", 1);
    assertThat(octet(s.next().orElseThrow())).isEqualTo(1);
    s.release(Outcome.FAILURE, 0);
    upstreams.advance(Duration.ofSeconds(11));
    // Requests until the probe of server 1 succeeds: it is live again from here.
    for (int i = 0; i < 50 && u.status().get(0).fails() > 0; i++) {
      sequence(u, 1);
    }
    assertThat(u.status().get(0).fails()).isZero();
    return u;
  }

  private static long share(List<Integer> picks) {
    return picks.stream().filter(o -> o == 1).count();
  }

  @Test
  void recoveredServerGetsASmallShareEarlyInTheRamp() {
    Upstream u = failFirstServerThenRecover(Duration.ofSeconds(30));
    upstreams.advance(Duration.ofSeconds(3));
    assertThat(share(sequence(u, 110))).isLessThan(20);
  }

  @Test
  void recoveredServerGetsItsFullShareAfterTheRamp() {
    Upstream u = failFirstServerThenRecover(Duration.ofSeconds(30));
    upstreams.advance(Duration.ofSeconds(31));
    sequence(u, 40);
    assertThat(share(sequence(u, 100))).isBetween(45L, 55L);
  }

  @Test
  void withoutSlowStartTheRecoveredServerIsBackWithinAFewPasses() {
    Upstream u = failFirstServerThenRecover(Duration.ZERO);
    sequence(u, 40);
    assertThat(share(sequence(u, 100))).isBetween(45L, 55L);
  }
}
