package dev.corral.gate.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corral.gate.config.ConfigException;
import dev.corral.gate.config.LimitConnZone;
import dev.corral.gate.config.LimitReqZone;
import dev.corral.gate.config.Template;
import dev.corral.limit.FakeTicker;
import dev.corral.limit.Permit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The zones' memory bound (nginx's slab pages), their eviction, and what a reload keeps. */
class ZoneStatesTest {
  private final FakeTicker clock = new FakeTicker();

  private static LimitReqZone zone(String name, String key, long size, long rateMr) {
    return new LimitReqZone(name, Template.compile(key, null), rateMr, size, Optional.empty(), null);
  }

  private static LimitConnZone connZone(String key, long size) {
    return new LimitConnZone("addr", Template.compile(key, null), size, Optional.empty(), null);
  }

  private RequestZone requestZone(long size) {
    return ZoneStates.after(Optional.empty(), clock).requests(zone("one", "$remote_addr", size, 1000));
  }

  /** How many distinct short keys the zone takes before its first key is evicted. */
  private static int keysHeld(RequestZone zone) {
    for (int i = 0; ; i++) {
      zone.account("10.0." + i / 256 + "." + i % 256, 0, 0);
      if (zone.size() <= i) {
        return zone.size();
      }
    }
  }

  @Test
  void aOneMegabyteZoneHoldsAboutEightThousandAddressesAsNginxDocumentsFor64BitPlatforms() {
    // nginx: on 64-bit platforms a $binary_remote_addr state takes 128 bytes; "about 8 thousand" per megabyte.
    int held = keysHeld(requestZone(1 << 20));
    assertThat(held).isBetween(7900, 8192);
  }

  @Test
  void aFullZoneEvictsItsLeastRecentlyUsedKeyAndThatKeyStartsAfresh() {
    RequestZone zone = requestZone(32 * 1024);
    assertThat(zone.account("first", 0, 0)).isZero();
    assertThat(zone.account("first", 0, 0)).as("a second request at once exceeds burst 0").isEqualTo(1000);
    int held = keysHeld(zone);
    assertThat(held).isLessThan(32 * 1024 / RequestZone.NODE_HEADER);
    assertThat(zone.account("first", 0, 0)).as("evicted: a new node").isZero();
  }

  @Test
  void aKeyThatNeedsMorePagesThanEvictingTheOldestFreesHasNoRoom() {
    RequestZone zone = requestZone(32 * 1024);
    keysHeld(zone);
    String huge = "k".repeat(3000);
    assertThat(zone.account(huge, 0, 0)).isEqualTo(RequestZone.NO_ROOM);
    assertThat(zone.excess(huge, 0)).isEqualTo(RequestZone.NO_ROOM);
  }

  @Test
  void idleDrainedKeysGiveWayBeforeTheOldestIsEvictedByForce() {
    RequestZone zone = requestZone(32 * 1024);
    int held = keysHeld(zone);
    // A minute later every node is idle and drained: a new key drops old ones without forcing.
    clock.advance(Duration.ofSeconds(61));
    long now = zone.nowMs();
    assertThat(zone.account("late", 0, now)).isZero();
    assertThat(zone.size()).isLessThan(held);
  }

  @Test
  void aConnectionZoneFullOfBusyKeysHasNoRoomUntilOneEnds() {
    ConnectionZone zone = ZoneStates.after(Optional.empty(), clock).connections(connZone("$remote_addr", 32 * 1024));
    List<Permit> held = new ArrayList<>();
    Permit[] slot = new Permit[1];
    int i = 0;
    while (zone.acquire("key" + i, 1, slot) == ConnectionZone.Outcome.PASSED) {
      held.add(slot[0]);
      i++;
    }
    assertThat(held.size()).isGreaterThan(100);
    assertThat(zone.acquire("one more", 1, slot)).isEqualTo(ConnectionZone.Outcome.NO_ROOM);
    assertThat(zone.acquire("key0", 1, slot)).as("a key at its limit").isEqualTo(ConnectionZone.Outcome.BUSY);
    held.remove(0).close();
    assertThat(zone.acquire("one more", 1, slot)).as("a key that goes idle frees its room")
        .isEqualTo(ConnectionZone.Outcome.PASSED);
  }

  @Test
  void aReloadKeepsAZoneOfTheSameSizeAndAppliesItsNewRate() {
    ZoneStates first = ZoneStates.after(Optional.empty(), clock);
    RequestZone one = first.requests(zone("one", "$remote_addr", 1 << 20, 1000));
    one.account("a", 5000, one.nowMs());
    one.account("a", 5000, one.nowMs());
    first.seal();
    ZoneStates second = ZoneStates.after(Optional.of(first), clock);
    RequestZone kept = second.requests(zone("one", "$remote_addr", 1 << 20, 2000));
    assertThat(kept.rateMilliRequests()).isEqualTo(2000);
    assertThat(kept.excess("a", kept.nowMs())).as("the node's excess of 1000 is kept").isEqualTo(2000);
    clock.advance(Duration.ofMillis(500));
    assertThat(kept.excess("a", kept.nowMs())).as("and drains at the new rate").isEqualTo(1000);
  }

  @Test
  void aReloadThatResizesAZoneStartsItEmpty() {
    ZoneStates first = ZoneStates.after(Optional.empty(), clock);
    RequestZone one = first.requests(zone("one", "$remote_addr", 1 << 20, 1000));
    one.account("a", 5000, one.nowMs());
    ConnectionZone addr = first.connections(connZone("$remote_addr", 1 << 20));
    first.seal();
    ZoneStates second = ZoneStates.after(Optional.of(first), clock);
    RequestZone resized = second.requests(zone("one", "$remote_addr", 2 << 20, 1000));
    assertThat(resized.size()).isZero();
    assertThat(second.connections(connZone("$remote_addr", 2 << 20))).isNotSameAs(addr);
  }

  @Test
  void aReloadThatChangesTheKeyOfAZoneOfTheSameSizeFailsWithNginxsMessage() {
    ZoneStates first = ZoneStates.after(Optional.empty(), clock);
    first.requests(zone("one", "$remote_addr", 1 << 20, 1000));
    first.connections(connZone("$remote_addr", 1 << 20));
    first.seal();
    ZoneStates second = ZoneStates.after(Optional.of(first), clock);
    assertThatThrownBy(() -> second.requests(zone("one", "$uri", 1 << 20, 1000)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("limit_req \"one\" uses the \"$uri\" key while previously it used the "
            + "\"$remote_addr\" key");
    assertThatThrownBy(() -> second.connections(connZone("$uri", 1 << 20)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("limit_conn_zone \"addr\" uses the \"$uri\" key while previously it used the "
            + "\"$remote_addr\" key");
  }
}
