package dev.corral.pm.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.corral.pm.testing.TestApps;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CronScheduleTest {
  private static final ZonedDateTime MON_10_30 = ZonedDateTime.parse("2026-11-23T10:30:15Z");

  @TempDir Path dir;

  @Test
  void dailyAtThreeFiresTheNextMorning() {
    assertThat(CronSchedule.parse("0 3 * * *").next(MON_10_30)).isEqualTo(ZonedDateTime.parse("2026-11-24T03:00Z"));
  }

  @Test
  void stepsAndListsAreUnderstood() {
    assertThat(CronSchedule.parse("*/20 * * * *").next(MON_10_30)).isEqualTo(ZonedDateTime.parse("2026-11-23T10:40Z"));
    assertThat(CronSchedule.parse("5,50 10 * * *").next(MON_10_30))
        .isEqualTo(ZonedDateTime.parse("2026-11-23T10:50Z"));
  }

  @Test
  void sundayIsZeroOrSeven() {
    ZonedDateTime sunday = ZonedDateTime.parse("2026-11-29T00:00Z");
    assertThat(CronSchedule.parse("0 0 * * 0").next(MON_10_30)).isEqualTo(sunday);
    assertThat(CronSchedule.parse("0 0 * * 7").next(MON_10_30)).isEqualTo(sunday);
  }

  @Test
  void restrictedDayOfMonthAndWeekdayFireOnEither() {
    // the 1st of the month, or any Wednesday: Wednesday the 25th comes first
    assertThat(CronSchedule.parse("0 0 1 * 3").next(MON_10_30)).isEqualTo(ZonedDateTime.parse("2026-11-25T00:00Z"));
  }

  @Test
  void badFieldIsNamed() {
    assertThatThrownBy(() -> CronSchedule.parse("0 24 * * *")).hasMessage("cron_restart: hour 24 (expected: 0..23)");
    assertThatThrownBy(() -> CronSchedule.parse("0 3 * *")).hasMessageStartingWith("cron_restart: 0 3 * * (expected: 5");
  }

  @Test
  void supervisorRestartsTheAppWhenTheScheduleFires() throws Exception {
    // A clock half a second before a minute boundary, so "every minute" fires almost at once.
    Instant now = Instant.now();
    Instant boundary = now.plus(Duration.ofMinutes(1)).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
    Clock clock = Clock.offset(Clock.system(ZoneOffset.UTC), Duration.between(now, boundary).minusMillis(500));
    try (SupervisorFixture f = new SupervisorFixture(dir, clock)) {
      f.supervisor.start(f.app("nightly", TestApps.bash("graceful.sh")).cronRestart("* * * * *").build())
          .get(10, TimeUnit.SECONDS);
      await().atMost(Duration.ofSeconds(30)).until(() -> f.only().restarts() >= 1);
      assertThat(f.events).anyMatch(e -> e.contains("cron_restart"));
    }
  }
}
