package dev.corral.gate.config;

/** Parses {@code expires} as nginx's ngx_http_headers_expires does. Stateless. */
final class ExpiresParser {
  private static final long DAY = 24 * 60 * 60;

  private ExpiresParser() {}

  /**
   * {@code expires epoch | max | off | [modified] [+|-]TIME | [modified] @TIME}.
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
    } else {
      switch (value) {
        case "epoch" -> {
          return new Expires(Expires.Mode.EPOCH, 0);
        }
        case "max" -> {
          return new Expires(Expires.Mode.MAX, 0);
        }
        case "off" -> {
          return Expires.OFF;
        }
        default -> { }
      }
    }
    if (value.startsWith("@")) {
      long seconds = Values.duration(d, value.substring(1)).toSeconds();
      if (seconds >= DAY) {
        throw new ConfigException("daily time value must be less than 24 hours", d.position());
      }
      return new Expires(Expires.Mode.DAILY, seconds);
    }
    long sign = 1;
    if (value.startsWith("-")) {
      sign = -1;
      value = value.substring(1);
    } else if (value.startsWith("+")) {
      value = value.substring(1);
    }
    long seconds = sign * Values.duration(d, value).toSeconds();
    return new Expires(modified ? Expires.Mode.MODIFIED : Expires.Mode.ACCESS, seconds);
  }
}
