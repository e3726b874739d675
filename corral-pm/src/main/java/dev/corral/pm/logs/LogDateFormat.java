package dev.corral.pm.logs;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * A log timestamp format written the way pm2 users write {@code log_date_format}: dayjs/moment tokens such as
 * {@code YYYY-MM-DD HH:mm:ss Z}, formatted in a given time zone (pm2 uses the daemon's local zone).
 *
 * <p>Tokens: {@code YYYY YY M MM MMM MMMM D DD d ddd dddd H HH h hh m mm s ss SSS Z ZZ A a X x}. Text in
 * {@code [brackets]} is copied as is, as is any other character (dayjs does the same). The longest token wins:
 * {@code MMMM} before {@code MMM} before {@code MM} before {@code M}.
 *
 * <p>Immutable and thread-safe.
 */
public final class LogDateFormat {
  /** pm2's {@code --time}: {@code YYYY-MM-DDTHH:mm:ss}, local time. */
  public static final String PM2_TIME = "YYYY-MM-DDTHH:mm:ss";

  private static final String[] TOKENS = {"YYYY", "YY", "MMMM", "MMM", "MM", "M", "DD", "D", "dddd", "ddd", "d",
      "HH", "H", "hh", "h", "mm", "m", "ss", "s", "SSS", "ZZ", "Z", "A", "a", "X", "x"};
  private static final int MAX_LENGTH = 100;

  private final String pattern;
  private final ZoneId zone;
  private final List<Function<ZonedDateTime, String>> parts;

  private LogDateFormat(String pattern, ZoneId zone, List<Function<ZonedDateTime, String>> parts) {
    this.pattern = pattern;
    this.zone = zone;
    this.parts = parts;
  }

  /**
   * Parses a dayjs-style pattern.
   *
   * @throws IllegalArgumentException naming {@code field} when the pattern is empty, too long or has an
   *     unclosed {@code [}
   */
  public static LogDateFormat parse(String field, String pattern, ZoneId zone) {
    if (pattern == null || pattern.isBlank() || pattern.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(field + ": " + pattern + " (expected: a date format such as"
          + " YYYY-MM-DD HH:mm:ss, at most " + MAX_LENGTH + " characters)");
    }
    List<Function<ZonedDateTime, String>> parts = new ArrayList<>();
    int i = 0;
    while (i < pattern.length()) {
      char c = pattern.charAt(i);
      if (c == '[') {
        int end = pattern.indexOf(']', i);
        if (end < 0) {
          throw new IllegalArgumentException(field + ": " + pattern + " (expected: a ']' closing the '[' at "
              + (i + 1) + ")");
        }
        String literal = pattern.substring(i + 1, end);
        parts.add(t -> literal);
        i = end + 1;
        continue;
      }
      String token = tokenAt(pattern, i);
      if (token == null) {
        String literal = String.valueOf(c);
        parts.add(t -> literal);
        i++;
      } else {
        parts.add(part(token));
        i += token.length();
      }
    }
    return new LogDateFormat(pattern, zone, List.copyOf(parts));
  }

  /** Checks a pattern without keeping it; same errors as {@link #parse}. */
  public static void validate(String field, String pattern) {
    parse(field, pattern, ZoneId.of("UTC"));
  }

  /** The pattern as given. */
  public String pattern() {
    return pattern;
  }

  /** The instant in this format and zone. */
  public String format(Instant instant) {
    ZonedDateTime t = instant.atZone(zone);
    StringBuilder out = new StringBuilder(32);
    for (Function<ZonedDateTime, String> part : parts) {
      out.append(part.apply(t));
    }
    return out.toString();
  }

  private static String tokenAt(String pattern, int i) {
    for (String token : TOKENS) {
      if (pattern.startsWith(token, i)) {
        return token;
      }
    }
    return null;
  }

  private static Function<ZonedDateTime, String> part(String token) {
    return switch (token) {
      case "YYYY" -> t -> pad(t.getYear(), 4);
      case "YY" -> t -> pad(Math.floorMod(t.getYear(), 100), 2);
      case "MMMM" -> t -> name(t.getMonth().name());
      case "MMM" -> t -> name(t.getMonth().name()).substring(0, 3);
      case "MM" -> t -> pad(t.getMonthValue(), 2);
      case "M" -> t -> Integer.toString(t.getMonthValue());
      case "DD" -> t -> pad(t.getDayOfMonth(), 2);
      case "D" -> t -> Integer.toString(t.getDayOfMonth());
      case "dddd" -> t -> name(t.getDayOfWeek().name());
      case "ddd" -> t -> name(t.getDayOfWeek().name()).substring(0, 3);
      case "d" -> t -> Integer.toString(t.getDayOfWeek().getValue() % 7);
      case "HH" -> t -> pad(t.getHour(), 2);
      case "H" -> t -> Integer.toString(t.getHour());
      case "hh" -> t -> pad(hour12(t), 2);
      case "h" -> t -> Integer.toString(hour12(t));
      case "mm" -> t -> pad(t.getMinute(), 2);
      case "m" -> t -> Integer.toString(t.getMinute());
      case "ss" -> t -> pad(t.getSecond(), 2);
      case "s" -> t -> Integer.toString(t.getSecond());
      case "SSS" -> t -> pad(t.getNano() / 1_000_000, 3);
      case "ZZ" -> t -> offset(t, "");
      case "Z" -> t -> offset(t, ":");
      case "A" -> t -> t.getHour() < 12 ? "AM" : "PM";
      case "a" -> t -> t.getHour() < 12 ? "am" : "pm";
      case "X" -> t -> Long.toString(t.toEpochSecond());
      case "x" -> t -> Long.toString(t.toInstant().toEpochMilli());
      default -> throw new IllegalStateException("token " + token);
    };
  }

  private static int hour12(ZonedDateTime t) {
    int h = t.getHour() % 12;
    return h == 0 ? 12 : h;
  }

  private static String offset(ZonedDateTime t, String separator) {
    int seconds = t.getOffset().getTotalSeconds();
    int abs = Math.abs(seconds);
    return (seconds < 0 ? "-" : "+") + pad(abs / 3600, 2) + separator + pad(abs / 60 % 60, 2);
  }

  private static String name(String upper) {
    return upper.charAt(0) + upper.substring(1).toLowerCase(Locale.ROOT);
  }

  private static String pad(int value, int width) {
    String s = Integer.toString(value);
    return s.length() >= width ? s : "0".repeat(width - s.length()) + s;
  }

  @Override
  public String toString() {
    return pattern + " (" + zone + ")";
  }
}
