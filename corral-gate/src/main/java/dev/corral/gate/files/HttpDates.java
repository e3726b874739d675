package dev.corral.gate.files;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * HTTP dates as nginx writes them ({@code Thu, 01 Jan 1970 00:00:01 GMT}) and reads them (ngx_parse_http_time:
 * RFC 1123, RFC 850 and asctime forms). Stateless and thread-safe.
 */
public final class HttpDates {
  private static final DateTimeFormatter IMF_FIXDATE = DateTimeFormatter
      .ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
  private static final List<DateTimeFormatter> READ = List.of(
      DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss 'GMT'", Locale.US),
      new DateTimeFormatterBuilder().appendPattern("EEEE, dd-MMM-")
          .appendValueReduced(ChronoField.YEAR, 2, 2, 1970).appendPattern(" HH:mm:ss 'GMT'")
          .toFormatter(Locale.US),
      DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US));

  private HttpDates() {}

  private static final String[] DAYS = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"}; // 1970-01-01 was a Thursday
  private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
      "Nov", "Dec"};

  /**
   * {@code epochSeconds} as an HTTP date. Written by hand rather than with a {@link DateTimeFormatter}: every static
   * file answer carries one (Last-Modified), and the formatter's cost showed in profiles. Years outside 1970–9999
   * go through the formatter.
   */
  public static String format(long epochSeconds) {
    if (epochSeconds < 0 || epochSeconds >= 253_402_300_800L) {
      return IMF_FIXDATE.format(Instant.ofEpochSecond(epochSeconds));
    }
    long days = epochSeconds / 86_400;
    int secondOfDay = (int) (epochSeconds % 86_400);
    // Civil date from days since 1970-01-01 (the proleptic Gregorian calendar, as java.time), era-based.
    long z = days + 719_468;
    long era = z / 146_097;
    long dayOfEra = z - era * 146_097;
    long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
    long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    long mp = (5 * dayOfYear + 2) / 153;
    int day = (int) (dayOfYear - (153 * mp + 2) / 5 + 1);
    int month = (int) (mp < 10 ? mp + 3 : mp - 9);
    long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
    StringBuilder out = new StringBuilder(29);
    out.append(DAYS[(int) (days % 7)]).append(", ");
    two(out, day).append(' ').append(MONTHS[month - 1]).append(' ').append(year).append(' ');
    two(out, secondOfDay / 3600).append(':');
    two(out, secondOfDay / 60 % 60).append(':');
    return two(out, secondOfDay % 60).append(" GMT").toString();
  }

  private static StringBuilder two(StringBuilder out, int value) {
    return out.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
  }

  /** The seconds since the epoch of an HTTP date, or empty if {@code text} is none of nginx's forms. */
  public static OptionalLong parse(String text) {
    String t = text.trim();
    for (DateTimeFormatter f : READ) {
      try {
        return OptionalLong.of(LocalDateTime.parse(t, f).toEpochSecond(ZoneOffset.UTC));
      } catch (DateTimeParseException e) {
        // Try the next form; a date in none of them is treated as absent, as nginx does.
      }
    }
    return OptionalLong.empty();
  }
}
