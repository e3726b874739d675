package dev.corral.gate.limit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.gate.config.LimitConnZone;
import dev.corral.gate.config.LimitReqZone;
import dev.corral.gate.config.LimitSettings;
import dev.corral.gate.config.Template;
import dev.corral.limit.FakeTicker;
import dev.corral.limit.LocalKeyedConcurrencyLimiter;
import dev.corral.limit.LocalKeyedRateLimiter;
import dev.corral.limit.Permit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The zones' memory bound and what a reload keeps. */
class ZoneStatesTest {
  private final FakeTicker clock = new FakeTicker();

  private static LimitSettings.Request request(String name, long size, long rate, long burst) {
    LimitReqZone zone = new LimitReqZone(name, Template.compile("$remote_addr", null), rate, size, null);
    return new LimitSettings.Request(zone, burst, 0, true, null);
  }

  private static LimitSettings.Connection connection(long size, int limit) {
    return new LimitSettings.Connection(new LimitConnZone("addr", Template.compile("$remote_addr", null), size,
        null), limit, null);
  }

  @Test
  void aRequestZoneHoldsSizeOver64KeysAndEvictsForNewOnes() {
    LocalKeyedRateLimiter<String> zone = ZoneStates.after(Optional.empty(), clock)
        .requests(request("one", 32 * 1024, 1000, 0));
    for (int i = 0; i < 2000; i++) {
      assertThat(zone.tryAcquire("10.0.0." + i)).as("a new key passes even in a full zone").isTrue();
      clock.advanceMillis(1);
    }
    assertThat(zone.size()).isLessThanOrEqualTo(512 + 1);
    assertThat(zone.evictedCount()).isPositive();
  }

  @Test
  void aConnectionZoneFullOfBusyKeysRefusesOneMore() {
    LocalKeyedConcurrencyLimiter<String> zone = ZoneStates.after(Optional.empty(), clock)
        .connections(connection(32 * 1024, 1));
    List<Permit> held = new ArrayList<>();
    for (int i = 0; i < 1024; i++) {
      Permit p = zone.tryAcquire("key" + i);
      assertThat(p).isNotNull();
      held.add(p);
    }
    assertThat(zone.tryAcquire("one more")).isNull();
    held.remove(0).close();
    assertThat(zone.tryAcquire("one more")).as("a key that goes idle frees its room").isNotNull();
  }

  @Test
  void aReloadKeepsTheStateOfAnUnchangedZoneAndDropsAChangedOne() {
    ZoneStates first = ZoneStates.after(Optional.empty(), clock);
    LocalKeyedRateLimiter<String> one = first.requests(request("one", 1 << 20, 1000, 5));
    LocalKeyedConcurrencyLimiter<String> addr = first.connections(connection(1 << 20, 2));
    first.seal();
    ZoneStates second = ZoneStates.after(Optional.of(first), clock);
    assertThat(second.requests(request("one", 1 << 20, 1000, 5))).isSameAs(one);
    assertThat(second.requests(request("one", 1 << 20, 1000, 6))).as("another burst").isNotSameAs(one);
    assertThat(second.connections(connection(1 << 20, 2))).isSameAs(addr);
    second.seal();
    ZoneStates third = ZoneStates.after(Optional.of(second), clock);
    assertThat(third.requests(request("one", 1 << 20, 2000, 5))).as("a new rate: a new state").isNotSameAs(one);
    assertThat(third.connections(connection(2 << 20, 2))).as("a new size: new counters").isNotSameAs(addr);
  }
}
