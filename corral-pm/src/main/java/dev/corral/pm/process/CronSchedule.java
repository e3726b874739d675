package dev.corral.pm.process;

import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;

/**
 * A five-field cron expression ({@code minute hour day-of-month month day-of-week}) for {@code cron_restart}:
 * numbers, {@code *}, ranges {@code a-b}, lists {@code a,b}, steps {@code *}{@code /n} and {@code a-b/n}; day of
 * week 0-7 with 0 and 7 both Sunday. As in cron, when both day fields are restricted a day matching either one
 * fires. Immutable and thread-safe.
 */
public final class CronSchedule {
  private static final int MAX_MINUTES_AHEAD = 366 * 24 * 60 * 5;

  private final String text;
  private final BitSet minutes;
  private final BitSet hours;
  private final BitSet days;
  private final BitSet months;
  private final BitSet weekdays;
  private final boolean daysRestricted;
  private final boolean weekdaysRestricted;

  private CronSchedule(String text, String[] f) {
    this.text = text;
    minutes = field("minute", f[0], 0, 59);
    hours = field("hour", f[1], 0, 23);
    days = field("day of month", f[2], 1, 31);
    months = field("month", f[3], 1, 12);
    weekdays = field("day of week", f[4], 0, 7);
    if (weekdays.get(7)) {
      weekdays.set(0);
    }
    daysRestricted = !f[2].equals("*");
    weekdaysRestricted = !f[4].equals("*");
  }

  /**
   * @throws IllegalArgumentException naming the field and value that are not valid
   */
  public static CronSchedule parse(String text) {
    String[] f = text.trim().split("\\s+");
    if (f.length != 5) {
      throw new IllegalArgumentException("cron_restart: " + text + " (expected: 5 fields, minute hour day month"
          + " weekday, e.g. '0 3 * * *')");
    }
    return new CronSchedule(text, f);
  }

  /** The first minute strictly after {@code after} that matches. */
  public ZonedDateTime next(ZonedDateTime after) {
    ZonedDateTime t = after.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
    for (int i = 0; i < MAX_MINUTES_AHEAD; i++, t = t.plusMinutes(1)) {
      if (matches(t)) {
        return t;
      }
    }
    throw new IllegalArgumentException("cron_restart: " + text + " never fires");
  }

  private boolean matches(ZonedDateTime t) {
    if (!minutes.get(t.getMinute()) || !hours.get(t.getHour()) || !months.get(t.getMonthValue())) {
      return false;
    }
    boolean day = days.get(t.getDayOfMonth());
    boolean weekday = weekdays.get(t.getDayOfWeek().getValue() % 7);
    if (daysRestricted && weekdaysRestricted) {
      return day || weekday;
    }
    return day && weekday;
  }

  private BitSet field(String name, String spec, int min, int max) {
    BitSet bits = new BitSet(max + 1);
    for (String part : spec.split(",")) {
      String range = part;
      int step = 1;
      int slash = part.indexOf('/');
      if (slash >= 0) {
        range = part.substring(0, slash);
        step = number(name, part.substring(slash + 1), 1, max);
      }
      int lo;
      int hi;
      if (range.equals("*")) {
        lo = min;
        hi = max;
      } else if (range.contains("-")) {
        lo = number(name, range.substring(0, range.indexOf('-')), min, max);
        hi = number(name, range.substring(range.indexOf('-') + 1), min, max);
      } else {
        lo = number(name, range, min, max);
        hi = slash >= 0 ? max : lo;
      }
      if (lo > hi) {
        throw new IllegalArgumentException("cron_restart: " + name + " " + part + " (expected: a range low-high)");
      }
      for (int v = lo; v <= hi; v += step) {
        bits.set(v);
      }
    }
    return bits;
  }

  private static int number(String name, String s, int min, int max) {
    try {
      int v = Integer.parseInt(s);
      if (v >= min && v <= max) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below with the expected range
    }
    throw new IllegalArgumentException("cron_restart: " + name + " " + s + " (expected: " + min + ".." + max + ")");
  }

  @Override
  public String toString() {
    return text;
  }
}
