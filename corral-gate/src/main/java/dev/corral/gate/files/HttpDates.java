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

  /** {@code epochSeconds} as an HTTP date. */
  public static String format(long epochSeconds) {
    return IMF_FIXDATE.format(Instant.ofEpochSecond(epochSeconds));
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
