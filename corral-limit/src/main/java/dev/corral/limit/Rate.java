package dev.corral.limit;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A rate: {@code permits} per one {@code unit} ({@code 10r/s}, {@code 30r/m}, {@code 1000r/h}, {@code 5r/d}).
 *
 * @param permits positive number of permits (requests) per unit
 * @param unit    SECONDS, MINUTES, HOURS or DAYS
 */
public record Rate(long permits, TimeUnit unit) {

  static final String EXPECTED = "<N>r/s, <N>r/m, <N>r/h or <N>r/d with N a positive integer, e.g. rate=10r/s";

  public Rate {
    if (permits <= 0) {
      throw LimitConfigException.argument("rate", "a positive number of permits", permits);
    }
    if (unit != TimeUnit.SECONDS && unit != TimeUnit.MINUTES && unit != TimeUnit.HOURS && unit != TimeUnit.DAYS) {
      throw LimitConfigException.argument("rate unit", "SECONDS, MINUTES, HOURS or DAYS", unit);
    }
  }

  public static Rate perSecond(long permits) {
    return new Rate(permits, TimeUnit.SECONDS);
  }

  public static Rate perMinute(long permits) {
    return new Rate(permits, TimeUnit.MINUTES);
  }

  /**
   * Parses {@code 10r/s}, {@code 30r/m}, {@code 100r/h}, {@code 5r/d}, or a bare {@code 10} (per second, as nginx
   * reads a rate without suffix).
   *
   * @throws LimitConfigException naming the text and the accepted forms
   */
  public static Rate parse(String text) {
    if (text == null || text.isEmpty()) {
      throw new LimitConfigException("empty rate: expected " + EXPECTED, "rate=", EXPECTED);
    }
    TimeUnit unit = TimeUnit.SECONDS;
    String number = text;
    int slash = text.indexOf('/');
    if (slash >= 0) {
      if (slash == 0 || text.charAt(slash - 1) != 'r' || slash != text.length() - 2) {
        throw invalid(text);
      }
      unit = switch (text.charAt(slash + 1)) {
        case 's' -> TimeUnit.SECONDS;
        case 'm' -> TimeUnit.MINUTES;
        case 'h' -> TimeUnit.HOURS;
        case 'd' -> TimeUnit.DAYS;
        default -> throw invalid(text);
      };
      number = text.substring(0, slash - 1);
    }
    long n = LimitSpec.parseLong(number, -1);
    if (n <= 0) {
      throw invalid(text);
    }
    return new Rate(n, unit);
  }

  private static LimitConfigException invalid(String text) {
    return new LimitConfigException("invalid rate \"" + text + "\": expected " + EXPECTED, "rate=" + text, EXPECTED);
  }

  /** The unit as a Duration. */
  public Duration period() {
    return Duration.of(1, unit.toChronoUnit());
  }

  public long periodNanos() {
    return unit.toNanos(1);
  }

  /** nginx's milli-requests per second ({@code permits * 1000 / unitSeconds}); may be 0 for very slow rates. */
  public long milliRequestsPerSecond() {
    return LocalRateLimiter.satMul(permits, 1000) / unit.toSeconds(1);
  }

  @Override
  public String toString() {
    return permits + "r/" + switch (unit) {
      case MINUTES -> "m";
      case HOURS -> "h";
      case DAYS -> "d";
      default -> "s";
    };
  }
}
