package dev.corral.gate.balance;

import static dev.corral.gate.balance.Upstreams.octet;
import static dev.corral.gate.balance.Upstreams.sequence;
import static dev.corral.gate.balance.Upstreams.server;
import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.gate.config.BalanceMethod;
import dev.corral.gate.config.Template;
import dev.corral.gate.config.UpstreamServer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MethodsTest {
  private final Upstreams upstreams = new Upstreams();

  private static int pick(Upstream u, byte[] client, String key) {
    Selection s = u.newSelection(client, key, 0);
    int o = octet(s.next().orElseThrow());
    s.release(Outcome.SUCCESS, 0);
    return o;
  }

  @Test
  void leastConnPicksTheServerWithFewestActiveConnections() {
    Upstream u = upstreams.of(new BalanceMethod.LeastConn(), server(1), server(2), server(3));
    Selection busy1 = u.newSelection(new byte[0], "", 0);
    Selection busy2 = u.newSelection(new byte[0], "", 0);
    assertThat(octet(busy1.next().orElseThrow())).isEqualTo(1);
    assertThat(octet(busy2.next().orElseThrow())).isEqualTo(2);
    assertThat(pick(u, new byte[0], "")).isEqualTo(3);
    busy1.release(Outcome.SUCCESS, 0);
    assertThat(pick(u, new byte[0], "")).isIn(1, 3);
  }

  @Test
  void leastConnComparesConnectionsPerUnitOfWeight() {
    Upstream u = upstreams.of(new BalanceMethod.LeastConn(), server(1, 3), server(2, 1));
    Selection[] held = new Selection[3];
    for (int i = 0; i < 3; i++) {
      held[i] = u.newSelection(new byte[0], "", 0);
      held[i].next().orElseThrow();
    }
    assertThat(u.status().get(0).activeConnections()).isEqualTo(2);
    assertThat(u.status().get(1).activeConnections()).isEqualTo(1);
  }

  @Test
  void leastConnBreaksTiesByWeightedRoundRobin() {
    Upstream u = upstreams.of(new BalanceMethod.LeastConn(), server(1, 2), server(2, 1));
    assertThat(sequence(u, 6)).containsExactly(1, 2, 1, 1, 2, 1);
  }

  @Test
  void ipHashSendsAWhole24ToOneServer() {
    Upstream u = upstreams.of(new BalanceMethod.IpHash(), server(1), server(2), server(3));
    int first = pick(u, new byte[] {(byte) 192, (byte) 168, 1, 10}, "");
    for (int last = 0; last < 256; last += 17) {
      assertThat(pick(u, new byte[] {(byte) 192, (byte) 168, 1, (byte) last}, "")).isEqualTo(first);
    }
  }

  @Test
  void ipHashFollowsNginxsFormula() {
    Upstream u = upstreams.of(new BalanceMethod.IpHash(), server(1), server(2), server(3));
    long hash = 89;
    for (int b : new int[] {10, 20, 30}) {
      hash = (hash * 113 + b) % 6271;
    }
    assertThat(pick(u, new byte[] {10, 20, 30, 40}, "")).isEqualTo((int) (hash % 3) + 1);
  }

  @Test
  void ipHashRehashesAwayFromADownServerWithoutMovingOthers() {
    UpstreamServer down = new UpstreamServer("10.0.0.2", 80, 1, 1, Duration.ofSeconds(10), 0, false, true);
    Upstream all = upstreams.of(new BalanceMethod.IpHash(), server(1), server(2), server(3));
    Upstream oneDown = upstreams.of(new BalanceMethod.IpHash(), server(1), down, server(3));
    for (int c = 0; c < 50; c++) {
      byte[] client = {10, (byte) c, (byte) (c * 7), 1};
      int before = pick(all, client, "");
      int after = pick(oneDown, client, "");
      assertThat(after).isNotEqualTo(2);
      if (before != 2) {
        assertThat(after).isEqualTo(before);
      }
    }
  }

  @Test
  void hashSendsTheSameKeyToTheSameServer() {
    Upstream u = upstreams.of(new BalanceMethod.Hash(Template.literal("$request_uri"), false), server(1), server(2),
        server(3));
    for (String key : List.of("/a", "/b", "/c", "/d")) {
      int first = pick(u, new byte[0], key);
      assertThat(pick(u, new byte[0], key)).isEqualTo(first);
    }
  }

  @Test
  void hashFollowsCacheMemcachedFormula() {
    Upstream u = upstreams.of(new BalanceMethod.Hash(Template.literal("k"), false), server(1), server(2), server(3));
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update("/some/key".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    long expected = ((crc.getValue() >>> 16) & 0x7fff) % 3;
    assertThat(pick(u, new byte[0], "/some/key")).isEqualTo((int) expected + 1);
  }

  @Test
  void emptyHashKeyFallsBackToRoundRobin() {
    Upstream u = upstreams.of(new BalanceMethod.Hash(Template.literal("k"), false), server(1), server(2));
    assertThat(List.of(pick(u, new byte[0], ""), pick(u, new byte[0], ""))).containsExactly(1, 2);
  }

  @Test
  void consistentHashMovesOnlyTheKeysOfARemovedServer() {
    BalanceMethod method = new BalanceMethod.Hash(Template.literal("k"), true);
    Upstream four = upstreams.of(method, server(1), server(2), server(3), server(4));
    Upstream three = upstreams.of(method, server(1), server(2), server(3));
    int moved = 0;
    Map<Integer, Integer> counts = new HashMap<>();
    for (int i = 0; i < 2000; i++) {
      String key = "/item/" + i;
      int before = pick(four, new byte[0], key);
      int after = pick(three, new byte[0], key);
      counts.merge(before, 1, Integer::sum);
      if (before != 4) {
        assertThat(after).as(key).isEqualTo(before);
      } else {
        moved++;
      }
    }
    assertThat(moved).isBetween(300, 700);
    assertThat(counts.values()).allSatisfy(c -> assertThat(c).isBetween(300, 700));
  }

  @Test
  void consistentHashSkipsAnUnusableServerToTheNextPoint() {
    UpstreamServer down = new UpstreamServer("10.0.0.2", 80, 1, 1, Duration.ofSeconds(10), 0, false, true);
    BalanceMethod method = new BalanceMethod.Hash(Template.literal("k"), true);
    Upstream u = upstreams.of(method, server(1), down, server(3));
    for (int i = 0; i < 200; i++) {
      assertThat(pick(u, new byte[0], "/k" + i)).isNotEqualTo(2);
    }
  }

  @Test
  void randomSpreadsByWeight() {
    Upstream u = upstreams.of(new BalanceMethod.Random(false), server(1, 3), server(2, 1));
    long ones = sequence(u, 4000).stream().filter(o -> o == 1).count();
    assertThat(ones).isBetween(2700L, 3300L);
  }

  @Test
  void randomTwoPrefersTheLessLoadedOfTwoDraws() {
    Upstream u = upstreams.of(new BalanceMethod.Random(true), server(1), server(2));
    Selection busy = u.newSelection(new byte[0], "", 0);
    int busyOctet = octet(busy.next().orElseThrow());
    for (int i = 0; i < 20; i++) {
      assertThat(pick(u, new byte[0], "")).isNotEqualTo(busyOctet);
    }
  }

  @Test
  void leastRequestPrefersTheFasterServer() {
    Upstream u = upstreams.of(new BalanceMethod.LeastRequest(), server(1), server(2));
    for (int i = 0; i < 10; i++) {
      Selection s = u.newSelection(new byte[0], "", 0);
      Peer p = s.next().orElseThrow();
      s.release(Outcome.SUCCESS, octet(p) == 1 ? 50_000_000L : 1_000_000L);
    }
    long fast = sequence(u, 200).stream().filter(o -> o == 2).count();
    assertThat(fast).isEqualTo(200);
  }

  @Test
  void leastRequestUsesBackupsWhenPrimariesAreDown() {
    UpstreamServer backup = new UpstreamServer("10.0.0.9", 80, 1, 1, Duration.ofSeconds(10), 0, true, false);
    UpstreamServer down = new UpstreamServer("10.0.0.1", 80, 1, 1, Duration.ofSeconds(10), 0, false, true);
    Upstream u = upstreams.of(new BalanceMethod.LeastRequest(), down, backup);
    assertThat(sequence(u, 3)).containsOnly(9);
  }
}
