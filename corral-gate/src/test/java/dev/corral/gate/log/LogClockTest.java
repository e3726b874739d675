package dev.corral.gate.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LogClockTest {
  /** A clock whose time the test sets. */
  private static final class SetClock extends Clock {
    final AtomicLong millis = new AtomicLong();
    private final ZoneId zone;

    SetClock(ZoneId zone) {
      this.zone = zone;
    }

    @Override
    public ZoneId getZone() {
      return zone;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis.get());
    }
  }

  @Test
  void writesNginxsTwoFormatsInTheClocksZone() {
    SetClock clock = new SetClock(ZoneOffset.ofHours(1));
    clock.millis.set(Instant.parse("2026-12-03T15:04:05.250Z").toEpochMilli());
    LogClock times = new LogClock(clock);
    assertThat(times.local()).isEqualTo("03/Dec/2026:16:04:05 +0100");
    assertThat(times.iso8601()).isEqualTo("2026-12-03T16:04:05+01:00");
  }

  @Test
  void theTextFollowsTheSecond() {
    SetClock clock = new SetClock(ZoneOffset.UTC);
    clock.millis.set(Instant.parse("2026-12-03T23:59:59.999Z").toEpochMilli());
    LogClock times = new LogClock(clock);
    assertThat(times.local()).isEqualTo("03/Dec/2026:23:59:59 +0000");
    clock.millis.addAndGet(1);
    assertThat(times.local()).isEqualTo("04/Dec/2026:00:00:00 +0000");
    assertThat(times.iso8601()).isEqualTo("2026-12-04T00:00:00Z".replace("Z", "+00:00"));
  }
}
