package dev.corral.gate.config;

import java.time.Duration;
import java.util.Locale;

/**
 * Reads the value kinds nginx's directives take — times, sizes, numbers, flags — and reports a value of the wrong
 * kind as nginx does, naming the directive and its position. Stateless.
 */
final class Values {
  private Values() {}

  /** Throws unless the directive has between {@code min} and {@code max} arguments and no block. */
  static void requireArgs(Directive d, int min, int max) {
    if (d.block().isPresent()) {
      throw new ConfigException("directive \"" + d.name() + "\" is not terminated by \";\"", d.position());
    }
    requireArgCount(d, min, max);
  }

  /** Throws unless the directive has between {@code min} and {@code max} arguments and a block. */
  static void requireBlock(Directive d, int min, int max) {
    if (d.block().isEmpty()) {
      throw new ConfigException("directive \"" + d.name() + "\" has no opening \"{\"", d.position());
    }
    requireArgCount(d, min, max);
  }

  private static void requireArgCount(Directive d, int min, int max) {
    int n = d.args().size();
    if (n < min || n > max) {
      throw new ConfigException("invalid number of arguments in \"" + d.name() + "\" directive", d.position());
    }
  }

  /** nginx's time syntax: {@code 500ms}, {@code 10s}, {@code 1m}, {@code 1h 30m}; no unit means seconds. */
  static Duration duration(Directive d, String value) {
    Duration total = Duration.ZERO;
    String v = value.trim();
    if (v.isEmpty()) {
      throw invalid(d, value, "a time such as 10s, 500ms, 1m");
    }
    int i = 0;
    while (i < v.length()) {
      int start = i;
      while (i < v.length() && Character.isDigit(v.charAt(i))) {
        i++;
      }
      if (start == i || i - start > 12) {
        throw invalid(d, value, "a time such as 10s, 500ms, 1m");
      }
      long n = Long.parseLong(v.substring(start, i));
      int unitStart = i;
      while (i < v.length() && Character.isLetter(v.charAt(i))) {
        i++;
      }
      String unit = v.substring(unitStart, i);
      total = total.plus(switch (unit) {
        case "ms" -> Duration.ofMillis(n);
        case "", "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        case "d" -> Duration.ofDays(n);
        case "w" -> Duration.ofDays(7 * n);
        case "M" -> Duration.ofDays(30 * n);
        case "y" -> Duration.ofDays(365 * n);
        default -> throw invalid(d, value, "a time such as 10s, 500ms, 1m");
      });
      while (i < v.length() && v.charAt(i) == ' ') {
        i++;
      }
    }
    return total;
  }

  /** nginx's size syntax: {@code 512}, {@code 8k}, {@code 1m}, {@code 1g} (case-insensitive units). */
  static long size(Directive d, String value) {
    String v = value.toLowerCase(Locale.ROOT);
    long scale = 1;
    if (v.endsWith("k")) {
      scale = 1024;
    } else if (v.endsWith("m")) {
      scale = 1024 * 1024;
    } else if (v.endsWith("g")) {
      scale = 1024L * 1024 * 1024;
    }
    String digits = scale == 1 ? v : v.substring(0, v.length() - 1);
    if (digits.isEmpty() || digits.length() > 12 || !digits.chars().allMatch(Character::isDigit)) {
      throw invalid(d, value, "a size such as 512, 8k, 1m");
    }
    return Long.parseLong(digits) * scale;
  }

  /** A whole number in {@code [min, max]}. */
  static int integer(Directive d, String value, int min, int max) {
    if (value.isEmpty() || value.length() > 10 || !value.chars().allMatch(Character::isDigit)) {
      throw invalid(d, value, "a number");
    }
    long n = Long.parseLong(value);
    if (n < min || n > max) {
      throw invalid(d, value, "a number from " + min + " to " + max);
    }
    return (int) n;
  }

  /** {@code on} or {@code off}. */
  static boolean flag(Directive d, String value) {
    return switch (value) {
      case "on" -> true;
      case "off" -> false;
      default -> throw new ConfigException("invalid value \"" + value + "\" in \"" + d.name()
          + "\" directive, it must be \"on\" or \"off\"", d.position());
    };
  }

  /** The error for a value of the wrong kind: names the directive, the value and what was expected. */
  static ConfigException invalid(Directive d, String value, String expected) {
    return new ConfigException("invalid value \"" + value + "\" in \"" + d.name() + "\" directive (expected: "
        + expected + ")", d.position());
  }

  /** A directive's single time argument. */
  static Duration time(Directive d) {
    requireArgs(d, 1, 1);
    return duration(d, d.arg(0));
  }

  /** Whether {@code name} can be an HTTP header name (visible ASCII, no colon). */
  static boolean isHeaderName(String name) {
    return !name.isEmpty() && name.chars().allMatch(c -> c > 32 && c < 127 && c != ':');
  }
}
