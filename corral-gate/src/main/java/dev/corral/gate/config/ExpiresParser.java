package dev.corral.gate.config;

import java.util.Optional;

/** Parses {@code expires} as nginx's ngx_http_headers_expires and ngx_http_parse_expires do. Stateless. */
final class ExpiresParser {
  private static final long DAY = 24 * 60 * 60;

  private ExpiresParser() {}

  /**
   * {@code expires epoch | max | off | [modified] [+|-]TIME | [modified] @TIME}, or a value with variables.
   *
   * @throws ConfigException naming the value when it is none of these
   */
  static Expires parse(Directive d) {
    Values.requireArgs(d, 1, 2);
    boolean modified = false;
    String value = d.arg(0);
    if (d.args().size() == 2) {
      if (!value.equals("modified")) {
        throw new ConfigException("invalid value \"" + value + "\" in \"expires\" directive (expected: modified)",
            d.position());
      }
      modified = true;
      value = d.arg(1);
    }
    if (value.indexOf('$') >= 0) {
      return new Expires(Expires.Mode.VARIABLE, 0, Optional.of(Template.compile(value, d.position())), modified);
    }
    if (value.startsWith("@") && seconds(value.substring(1)) >= DAY) {
      throw new ConfigException("daily time value must be less than 24 hours", d.position());
    }
    Expires expires = value(value, modified);
    if (expires == null) {
      throw Values.invalid(d, value, "epoch, max, off, [modified] TIME or @TIME");
    }
    return expires;
  }

  /** One value; null if invalid. */
  static Expires value(String value, boolean modified) {
    switch (value) {
      case "epoch" -> {
        return modified ? null : new Expires(Expires.Mode.EPOCH, 0);
      }
      case "max" -> {
        return modified ? null : new Expires(Expires.Mode.MAX, 0);
      }
      case "off" -> {
        return modified ? null : Expires.OFF;
      }
      default -> { }
    }
    if (value.startsWith("@")) {
      long seconds = seconds(value.substring(1));
      return seconds < 0 || seconds >= DAY ? null : new Expires(Expires.Mode.DAILY, seconds);
    }
    long sign = 1;
    String time = value;
    if (time.startsWith("-")) {
      sign = -1;
      time = time.substring(1);
    } else if (time.startsWith("+")) {
      time = time.substring(1);
    }
    long seconds = seconds(time);
    if (seconds < 0) {
      return null;
    }
    return new Expires(modified ? Expires.Mode.MODIFIED : Expires.Mode.ACCESS, sign * seconds);
  }

  /** nginx's time in seconds ({@code 1h 30m}, {@code 2048}, {@code 1d}); -1 if invalid. */
  private static long seconds(String text) {
    String v = text.trim();
    if (v.isEmpty()) {
      return -1;
    }
    long total = 0;
    int i = 0;
    while (i < v.length()) {
      int start = i;
      while (i < v.length() && Character.isDigit(v.charAt(i))) {
        i++;
      }
      if (start == i || i - start > 12) {
        return -1;
      }
      long n = Long.parseLong(v.substring(start, i));
      long unit = 1;
      if (i < v.length() && v.charAt(i) != ' ') {
        unit = switch (v.charAt(i)) {
          case 'y' -> 365 * DAY;
          case 'M' -> 30 * DAY;
          case 'w' -> 7 * DAY;
          case 'd' -> DAY;
          case 'h' -> 3600;
          case 'm' -> 60;
          case 's' -> 1;
          default -> -1;
        };
        if (unit < 0) {
          return -1;
        }
        i++;
      }
      total += n * unit;
      while (i < v.length() && v.charAt(i) == ' ') {
        i++;
      }
    }
    return total;
  }
}
