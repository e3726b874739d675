package dev.corral.gate.balance;

import static dev.corral.gate.balance.Upstreams.sequence;
import static dev.corral.gate.balance.Upstreams.server;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corral.gate.config.BalanceMethod;
import dev.corral.gate.config.UpstreamConfig;
import dev.corral.gate.config.UpstreamServer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The balancer's side of the runtime API: undrain, weight, down, ids, states, zombies, empty upstreams with zone. */
class RuntimeChangesTest {
  private final Upstreams upstreams = new Upstreams();

  private Upstream zoned(BalanceMethod method, UpstreamServer... servers) {
    return Upstream.create(new UpstreamConfig("u", method, List.of(servers), 32, Duration.ofSeconds(60), 1000,
        UpstreamConfig.QueueConfig.NONE, Optional.empty(), null, Optional.of("u")), upstreams.clock::get,
        new Random(42));
  }

  private static PeerStatus status(Upstream u, int n) {
    return u.find("10.0.0." + n + ":80").orElseThrow();
  }

  @Test
  void undrainBringsAServerBack() {
    Upstream u = upstreams.roundRobin(server(1), server(2));
    u.drain("10.0.0.1:80");
    assertThat(status(u, 1).state()).isEqualTo(PeerStatus.State.DRAINING);
    assertThat(sequence(u, 2)).containsOnly(2);
    assertThat(u.undrain("10.0.0.1:80")).isTrue();
    assertThat(status(u, 1).state()).isEqualTo(PeerStatus.State.UP);
    assertThat(sequence(u, 4)).contains(1, 2);
  }

  @Test
  void aNewWeightChangesTheShareAndKeepsTheInFlightCount() {
    Upstream u = upstreams.roundRobin(server(1), server(2));
    Selection inFlight = u.newSelection(new byte[0], "", 0);
    inFlight.next().orElseThrow(); // server 1
    assertThat(u.setWeight("10.0.0.2:80", 3)).isTrue();
    assertThat(status(u, 1).activeConnections()).isEqualTo(1);
    assertThat(status(u, 2).weight()).isEqualTo(3);
    assertThat(u.servers().get(1).weight()).isEqualTo(3);
    inFlight.release(Outcome.SUCCESS, 0);
    assertThat(sequence(u, 8).stream().filter(n -> n == 2)).hasSize(6);
    assertThatThrownBy(() -> u.setWeight("10.0.0.2:80", 0)).hasMessage("weight: 0 (expected: >= 1)");
  }

  @Test
  void aServerMarkedDownTakesNothingUntilItIsUp() {
    Upstream u = upstreams.roundRobin(server(1), server(2));
    u.setDown("10.0.0.2:80", true);
    assertThat(status(u, 2).state()).isEqualTo(PeerStatus.State.DOWN);
    assertThat(sequence(u, 3)).containsOnly(1);
    u.setDown("10.0.0.2:80", false);
    assertThat(sequence(u, 2)).containsExactlyInAnyOrder(1, 2);
  }

  @Test
  void aFailedServerIsUnavailUntilItsFailTimeoutPasses() {
    Upstream u = upstreams.roundRobin(server(1), server(2));
    Selection s = u.newSelection(new byte[0], "", 0);
    s.next().orElseThrow();
    s.release(Outcome.FAILURE, 0);
    assertThat(status(u, 1).state()).isEqualTo(PeerStatus.State.UNAVAIL);
    upstreams.advance(Duration.ofSeconds(11));
    assertThat(status(u, 1).state()).isEqualTo(PeerStatus.State.UP);
  }

  @Test
  void idsAreStableForKeptServersAndNeverReused() {
    Upstream u = upstreams.roundRobin(server(1), server(2));
    int one = status(u, 1).id();
    int two = status(u, 2).id();
    u.removeServer("10.0.0.2:80");
    u.addServer(server(2));
    assertThat(status(u, 1).id()).isEqualTo(one);
    assertThat(status(u, 2).id()).isNotIn(one, two);
  }

  @Test
  void addIfAbsentRefusesAnAddressThatIsAMember() {
    Upstream u = upstreams.roundRobin(server(1));
    assertThat(u.addIfAbsent(server(1, 5))).isEmpty();
    assertThat(status(u, 1).weight()).isEqualTo(1);
    assertThat(u.addIfAbsent(server(2))).map(PeerStatus::address).contains("10.0.0.2:80");
  }

  @Test
  void aRemovedServerWithRequestsInFlightIsAZombieUntilTheyFinish() {
    Upstream u = upstreams.roundRobin(server(1), server(2));
    Selection s = u.newSelection(new byte[0], "", 0);
    s.next().orElseThrow(); // server 1
    u.removeServer("10.0.0.1:80");
    assertThat(u.zombies()).isEqualTo(1);
    s.release(Outcome.SUCCESS, 0);
    assertThat(u.zombies()).isZero();
  }

  @Test
  void anUpstreamWithZoneMayBeEmptyAndThenFindsNoPeer() {
    for (BalanceMethod method : List.of(new BalanceMethod.RoundRobin(), new BalanceMethod.LeastRequest(),
        new BalanceMethod.LeastConn(), new BalanceMethod.Random(true))) {
      Upstream u = zoned(method);
      assertThat(u.newSelection(new byte[0], "", 0).next()).as(method.toString()).isEmpty();
      u.addServer(server(1));
      assertThat(sequence(u, 2)).containsOnly(1);
      assertThat(u.removeServer("10.0.0.1:80")).isTrue();
      assertThat(u.newSelection(new byte[0], "", 0).next()).isEmpty();
    }
  }

  @Test
  void withoutZoneTheLastServerStays() {
    Upstream u = upstreams.roundRobin(server(1));
    assertThatThrownBy(() -> u.removeServer("10.0.0.1:80")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("add \"zone u 64k;\"");
    assertThat(u.servers()).hasSize(1);
  }
}
