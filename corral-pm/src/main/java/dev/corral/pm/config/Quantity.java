package dev.corral.pm.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and formats the durations and sizes users write in flags and ecosystem files, pm2-style: a duration is
 * milliseconds ({@code 1600}) or has a unit ({@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}); a size is bytes or
 * has a unit ({@code 512K}, {@code 150M}, {@code 1G}; powers of 1024). Errors name the field and the value.
 * Stateless.
 */
public final class Quantity {
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");
  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmg]?)b?");

  private Quantity() {}

  /**
   * @param field named in the error
   * @throws IllegalArgumentException if {@code text} is not a duration
   */
  public static long millis(String field, String text) {
    Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException(field + ": " + text + " (expected: a duration such as 1600, 500ms, 5s, 2m)");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "ms" : m.group(2);
    return switch (unit) {
      case "s" -> n * 1000;
      case "m" -> n * 60_000;
      case "h" -> n * 3_600_000;
      default -> n;
    };
  }

  /**
   * @param field named in the error
   * @throws IllegalArgumentException if {@code text} is not a size
   */
  public static long bytes(String field, String text) {
    Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException(field + ": " + text + " (expected: a size such as 150M, 1G, 512K)");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "k" -> n * 1024;
      case "m" -> n * 1024 * 1024;
      case "g" -> n * 1024 * 1024 * 1024;
      default -> n;
    };
  }

  /** {@code 3d 4h}, {@code 12m}, {@code 5s}: the largest two units, as pm2 shows uptimes. */
  public static String formatMillis(long ms) {
    long s = ms / 1000;
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return s / 60 + "m";
    }
    if (s < 86_400) {
      return s / 3600 + "h";
    }
    return s / 86_400 + "D";
  }

  /** {@code 12.3mb}, {@code 512kb}, {@code 0b}. */
  public static String formatBytes(long bytes) {
    if (bytes >= 1024L * 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1fgb", bytes / (1024.0 * 1024 * 1024));
    }
    if (bytes >= 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1fmb", bytes / (1024.0 * 1024));
    }
    if (bytes >= 1024) {
      return bytes / 1024 + "kb";
    }
    return bytes + "b";
  }

  /**
   * pm2's instance count: a number, {@code max} or {@code 0} (all CPUs), {@code -1} (CPUs − 1, at least 1).
   *
   * @throws IllegalArgumentException otherwise
   */
  public static int instances(String field, String text, int cpus) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.equals("max") || t.equals("0")) {
      return cpus;
    }
    if (t.equals("-1")) {
      return Math.max(1, cpus - 1);
    }
    try {
      int n = Integer.parseInt(t);
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below with the expected forms
    }
    throw new IllegalArgumentException(field + ": " + text + " (expected: a number >= 1, max, 0 or -1)");
  }
}
