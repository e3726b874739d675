package dev.corral.gate.log;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * {@code $time_local} and {@code $time_iso8601}, made once a second and shared, as nginx caches its time strings:
 * formatting a date on every access-log line is a measurable part of a request's cost, and both values only
 * change when the second does. Thread-safe: the cached second is one immutable object behind a volatile field, so a
 * reader sees both strings of the same second. The text is nginx's: {@code $time_iso8601} ends in {@code +00:00}
 * in UTC, not {@code Z}.
 */
public final class LogClock {
  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);
  /** nginx writes the offset as {@code +00:00} in UTC too, where ISO_OFFSET_DATE_TIME would write {@code Z}. */
  private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx", Locale.ROOT);

  /** The clock the gate runs on: the system clock in the default time zone. */
  public static final LogClock SYSTEM = new LogClock(Clock.systemDefaultZone());

  private final Clock clock;
  private volatile Second cached;

  /** A cache over {@code clock} (its zone is the one written). */
  public LogClock(Clock clock) {
    this.clock = clock;
    this.cached = format(clock.instant().getEpochSecond());
  }

  /** {@code $time_local}: {@code 03/Dec/2026:15:04:05 +0000}. */
  public String local() {
    return now().local;
  }

  /** {@code $time_iso8601}: {@code 2026-12-03T15:04:05+00:00}. */
  public String iso8601() {
    return now().iso;
  }

  private Second now() {
    long second = Math.floorDiv(clock.millis(), 1000);
    Second current = cached;
    if (current.epochSecond != second) {
      current = format(second);
      cached = current;
    }
    return current;
  }

  private Second format(long epochSecond) {
    ZoneId zone = clock.getZone();
    ZonedDateTime time = Instant.ofEpochSecond(epochSecond).atZone(zone);
    return new Second(epochSecond, LOCAL.format(time), ISO.format(time));
  }

  private record Second(long epochSecond, String local, String iso) {}
}
