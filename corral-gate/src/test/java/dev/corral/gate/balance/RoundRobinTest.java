package dev.corral.gate.balance;

import static dev.corral.gate.balance.Upstreams.octet;
import static dev.corral.gate.balance.Upstreams.sequence;
import static dev.corral.gate.balance.Upstreams.server;
import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.gate.config.UpstreamServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoundRobinTest {
  private final Upstreams upstreams = new Upstreams();

  @Test
  void weights5_1_1GiveNginxsSmoothSequence() {
    Upstream u = upstreams.roundRobin(server(1, 5), server(2, 1), server(3, 1));
    assertThat(sequence(u, 14)).containsExactly(1, 1, 2, 1, 3, 1, 1, 1, 1, 2, 1, 3, 1, 1);
  }

  @Test
  void weights3_2_1GiveNginxsSmoothSequence() {
    Upstream u = upstreams.roundRobin(server(1, 3), server(2, 2), server(3, 1));
    assertThat(sequence(u, 6)).containsExactly(1, 2, 1, 3, 2, 1);
  }

  @Test
  void equalWeightsAlternate() {
    Upstream u = upstreams.roundRobin(server(1), server(2));
    assertThat(sequence(u, 4)).containsExactly(1, 2, 1, 2);
  }

  @Test
  void downServerIsNeverChosen() {
    UpstreamServer down = new UpstreamServer("10.0.0.2", 80, 1, 1, Duration.ofSeconds(10), 0, false, true);
    Upstream u = upstreams.roundRobin(server(1), down, server(3));
    assertThat(sequence(u, 6)).doesNotContain(2).hasSize(6);
  }

  @Test
  void aRequestNeverRetriesAServerItAlreadyTried() {
    Upstream u = upstreams.roundRobin(server(1), server(2), server(3));
    Selection s = u.newSelection(new byte[0], "", 0);
    Set<Integer> tried = new HashSet<>();
    for (int i = 0; i < 3; i++) {
      Peer p = s.next().orElseThrow();
      assertThat(tried.add(octet(p))).isTrue();
      s.release(Outcome.FAILURE, 0);
    }
    assertThat(s.next()).isEmpty();
  }

  @Test
  void triesAreCappedByNextUpstreamTries() {
    Upstream u = upstreams.roundRobin(server(1), server(2), server(3));
    Selection s = u.newSelection(new byte[0], "", 2);
    s.next().orElseThrow();
    s.release(Outcome.FAILURE, 0);
    s.next().orElseThrow();
    s.release(Outcome.FAILURE, 0);
    assertThat(s.next()).isEmpty();
  }

  /** nginx-tests upstream.t: max_fails=3, the first server fails every third request; 30 requests. */
  @Test
  void serverFailingEveryThirdRequestIsDisabledAfterThreeFailures() {
    UpstreamServer p1 = new UpstreamServer("10.0.0.1", 80, 1, 3, Duration.ofSeconds(10), 0, false, false);
    UpstreamServer p2 = new UpstreamServer("10.0.0.2", 80, 1, 3, Duration.ofSeconds(10), 0, false, false);
    Upstream u = upstreams.roundRobin(p1, p2);
    int[] answered = new int[3];
    int p1Requests = 0;
    for (int request = 0; request < 30; request++) {
      Selection s = u.newSelection(new byte[0], "", 0);
      while (true) {
        Peer p = s.next().orElseThrow();
        if (octet(p) == 1 && ++p1Requests % 3 == 0) {
          s.release(Outcome.FAILURE, 0);
          continue;
        }
        answered[octet(p)]++;
        s.release(Outcome.SUCCESS, 0);
        break;
      }
    }
    assertThat(answered[1]).isEqualTo(6);
    assertThat(answered[2]).isEqualTo(24);
  }

  @Test
  void failedServerIsProbedOncePerFailTimeoutAndRecoversOnSuccess() {
    Upstream u = upstreams.roundRobin(server(1), server(2));
    Selection s = u.newSelection(new byte[0], "", 1);
    assertThat(octet(s.next().orElseThrow())).isEqualTo(1);
    s.release(Outcome.FAILURE, 0);
    assertThat(sequence(u, 4)).containsOnly(2);
    upstreams.advance(Duration.ofSeconds(11));
    // effective_weight dropped to 0 on the failure and climbs back one per pass, so the probe comes third.
    List<Integer> afterTimeout = sequence(u, 4);
    assertThat(afterTimeout).containsExactly(2, 2, 1, 2);
    assertThat(u.status().get(0).fails()).isZero();
  }

  @Test
  void failedProbeBlocksTheServerForAnotherFailTimeout() {
    Upstream u = upstreams.roundRobin(server(1), server(2));
    Selection first = u.newSelection(new byte[0], "", 1);
    first.next().orElseThrow();
    first.release(Outcome.FAILURE, 0);
    upstreams.advance(Duration.ofSeconds(11));
    List<Integer> picks = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      Selection s = u.newSelection(new byte[0], "", 1);
      Peer p = s.next().orElseThrow();
      picks.add(octet(p));
      s.release(octet(p) == 1 ? Outcome.FAILURE : Outcome.SUCCESS, 0);
    }
    assertThat(picks.stream().filter(o -> o == 1).count()).isEqualTo(1);
  }

  @Test
  void failureLowersEffectiveWeightWhichClimbsBackOnePerPass() {
    UpstreamServer heavy = new UpstreamServer("10.0.0.1", 80, 10, 2, Duration.ofSeconds(10), 0, false, false);
    Upstream u = upstreams.roundRobin(heavy, server(2));
    Selection s = u.newSelection(new byte[0], "", 1);
    assertThat(octet(s.next().orElseThrow())).isEqualTo(1);
    s.release(Outcome.FAILURE, 0);
    assertThat(u.status().get(0).effectiveWeight()).isEqualTo(5);
    sequence(u, 3);
    assertThat(u.status().get(0).effectiveWeight()).isEqualTo(8);
    sequence(u, 5);
    assertThat(u.status().get(0).effectiveWeight()).isEqualTo(10);
  }

  @Test
  void backupIsUsedOnlyWhenEveryPrimaryIsUnavailable() {
    UpstreamServer backup = new UpstreamServer("10.0.0.9", 80, 1, 1, Duration.ofSeconds(10), 0, true, false);
    Upstream u = upstreams.roundRobin(server(1), server(2), backup);
    assertThat(sequence(u, 4)).doesNotContain(9);
    for (int i = 0; i < 2; i++) {
      Selection s = u.newSelection(new byte[0], "", 1);
      s.next().orElseThrow();
      s.release(Outcome.FAILURE, 0);
    }
    assertThat(sequence(u, 3)).containsOnly(9);
    upstreams.advance(Duration.ofSeconds(11));
    assertThat(sequence(u, 6)).doesNotContain(9).contains(1, 2);
  }

  @Test
  void requestFallsThroughPrimariesToBackupWithinOneRequest() {
    UpstreamServer backup = new UpstreamServer("10.0.0.9", 80, 1, 1, Duration.ofSeconds(10), 0, true, false);
    Upstream u = upstreams.roundRobin(server(1), server(2), backup);
    Selection s = u.newSelection(new byte[0], "", 0);
    List<Integer> tried = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      tried.add(octet(s.next().orElseThrow()));
      s.release(Outcome.FAILURE, 0);
    }
    assertThat(tried).containsExactly(1, 2, 9);
  }

  @Test
  void maxConnsSkipsBusyServerAndNoLiveUpstreamWhenAllAreFull() {
    UpstreamServer one = new UpstreamServer("10.0.0.1", 80, 1, 1, Duration.ofSeconds(10), 1, false, false);
    UpstreamServer two = new UpstreamServer("10.0.0.2", 80, 1, 1, Duration.ofSeconds(10), 1, false, false);
    Upstream u = upstreams.roundRobin(one, two);
    Selection a = u.newSelection(new byte[0], "", 0);
    Selection b = u.newSelection(new byte[0], "", 0);
    Selection c = u.newSelection(new byte[0], "", 0);
    assertThat(octet(a.next().orElseThrow())).isEqualTo(1);
    assertThat(octet(b.next().orElseThrow())).isEqualTo(2);
    assertThat(c.next()).isEmpty();
    a.release(Outcome.SUCCESS, 0);
    assertThat(octet(c.next().orElseThrow())).isEqualTo(1);
  }

  @Test
  void singleServerIsNeverDisabledByFailuresAndNotRetried() {
    Upstream u = upstreams.roundRobin(server(1));
    for (int i = 0; i < 5; i++) {
      Selection s = u.newSelection(new byte[0], "", 0);
      s.next().orElseThrow();
      s.release(Outcome.FAILURE, 0);
      assertThat(s.next()).isEmpty();
    }
    assertThat(sequence(u, 1)).containsExactly(1);
  }

  @Test
  void neutralOutcomeNeitherCountsNorClearsFailures() {
    UpstreamServer p1 = new UpstreamServer("10.0.0.1", 80, 1, 2, Duration.ofSeconds(10), 0, false, false);
    Upstream u = upstreams.roundRobin(p1, server(2));
    Selection s = u.newSelection(new byte[0], "", 0);
    s.next().orElseThrow();
    s.release(Outcome.NEUTRAL, 0);
    assertThat(u.status().get(0).fails()).isZero();
  }
}
