package dev.corral.limit;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * A limiter described by a one-line string, as the gate's {@code limit_req}/{@code limit_req_zone} options and
 * command-line flags write it:
 *
 * <pre>
 * rate=10r/s burst=20 nodelay                  nginx limit_req (the default algorithm)
 * rate=30r/m burst=2 delay=1                   limit_req, first excess request undelayed
 * algorithm=token_bucket rate=100r/s capacity=500 [refill=greedy|interval] [warmup=10s]
 * algorithm=gcra rate=10r/s burst=5            GCRA; burst requests beyond the rate at once
 * algorithm=fixed_window rate=100r/m           100 per aligned minute
 * algorithm=sliding_window rate=100r/m         sliding-window counter
 * algorithm=sliding_log rate=100r/m            exact sliding log
 * </pre>
 *
 * Tokens are separated by whitespace (commas also accepted), in any order, each at most once. Errors are
 * {@link LimitConfigException}s naming the token, what was expected, and the whole spec.
 *
 * @param algorithm the algorithm ({@link Algorithm#LIMIT_REQ} unless {@code algorithm=} says otherwise)
 * @param rate      {@code rate=}: required
 * @param burst     {@code burst=} (limit_req, gcra); 0 if absent
 * @param delay     {@code delay=} (limit_req); 0 if absent
 * @param nodelay   {@code nodelay} (limit_req)
 * @param capacity  {@code capacity=} (token_bucket); -1 if absent, meaning the rate's permits
 * @param refill    {@code refill=} (token_bucket); GREEDY if absent
 * @param warmup    {@code warmup=} (token_bucket); null if absent
 */
public record LimitSpec(Algorithm algorithm, Rate rate, long burst, long delay, boolean nodelay, long capacity,
            Refill refill, Duration warmup) {

  /** The algorithms a spec can name, by their {@code algorithm=} value. */
  public enum Algorithm {
    LIMIT_REQ("limit_req"),
    TOKEN_BUCKET("token_bucket"),
    GCRA("gcra"),
    FIXED_WINDOW("fixed_window"),
    SLIDING_WINDOW("sliding_window"),
    SLIDING_LOG("sliding_log");

    private final String token;

    Algorithm(String token) {
      this.token = token;
    }

    public String token() {
      return token;
    }

    static Algorithm parse(String value) {
      String v = value.toLowerCase(Locale.ROOT).replace('-', '_');
      for (Algorithm a : values()) {
        if (a.token.equals(v)) {
          return a;
        }
      }
      return null;
    }
  }

  /** How a token bucket refills: continuously (greedy) or the whole amount at each period's end (interval). */
  public enum Refill { GREEDY, INTERVAL }

  private static final String ALGORITHMS = "limit_req, token_bucket, gcra, fixed_window, sliding_window or sliding_log";
  private static final String TOKENS = "rate=<N>r/s|r/m|r/h|r/d, burst=<N>, delay=<N>, nodelay, algorithm=<"
      + ALGORITHMS.replace(", ", "|").replace(" or ", "|") + ">, capacity=<N>, refill=greedy|interval, "
      + "warmup=<duration>";
  private static final String INTEGER = "a non-negative integer";

  public LimitSpec {
    if (algorithm == null || rate == null || refill == null) {
      throw new NullPointerException("algorithm, rate and refill are required");
    }
  }

  /**
   * Parses a spec string.
   *
   * @throws LimitConfigException for an unknown, repeated, malformed or out-of-range token, a missing rate, or
   *                              an option that does not apply to the chosen algorithm
   */
  public static LimitSpec parse(String spec) {
    if (spec == null || spec.isBlank()) {
      throw new LimitConfigException("empty limit spec: expected at least rate=<N>r/s, e.g. \"rate=10r/s burst=20\"",
          "", "rate=<N>r/s");
    }
    Algorithm algorithm = null;
    Rate rate = null;
    long burst = -1;
    long delay = -1;
    boolean nodelay = false;
    long capacity = -1;
    Refill refill = null;
    Duration warmup = null;
    Set<String> seen = new LinkedHashSet<>();
    for (String token : spec.trim().split("[\\s,]+")) {
      int eq = token.indexOf('=');
      String name = (eq < 0 ? token : token.substring(0, eq)).toLowerCase(Locale.ROOT);
      String value = eq < 0 ? null : token.substring(eq + 1);
      if (!seen.add(name)) {
        throw error(spec, token, "duplicate option \"" + name + "\"", "each option at most once");
      }
      switch (name) {
        case "rate" -> {
          requireValue(spec, token, value, Rate.EXPECTED);
          try {
            rate = Rate.parse(value);
          } catch (LimitConfigException e) {
            throw error(spec, token, "invalid rate \"" + value + "\"", Rate.EXPECTED);
          }
        }
        case "burst" -> burst = integer(spec, token, value, "burst", "e.g. burst=20");
        case "delay" -> delay = integer(spec, token, value, "delay", "e.g. delay=5");
        case "capacity" -> {
          capacity = integer(spec, token, value, "capacity", "e.g. capacity=100");
          if (capacity == 0) {
            throw error(spec, token, "invalid capacity \"" + value + "\"", "a positive integer, e.g. capacity=100");
          }
        }
        case "nodelay" -> {
          if (value != null) {
            throw error(spec, token, "\"nodelay\" takes no value", "nodelay alone");
          }
          nodelay = true;
        }
        case "algorithm", "algo" -> {
          requireValue(spec, token, value, ALGORITHMS);
          algorithm = Algorithm.parse(value);
          if (algorithm == null) {
            throw error(spec, token, "unknown algorithm \"" + value + "\"", ALGORITHMS);
          }
        }
        case "refill" -> {
          requireValue(spec, token, value, "greedy or interval");
          refill = switch (value.toLowerCase(Locale.ROOT)) {
            case "greedy" -> Refill.GREEDY;
            case "interval" -> Refill.INTERVAL;
            default -> throw error(spec, token, "invalid refill \"" + value + "\"", "greedy or interval");
          };
        }
        case "warmup" -> {
          requireValue(spec, token, value, "a duration such as 10s, 500ms or 2m");
          warmup = parseDuration(value);
          if (warmup == null || warmup.isZero()) {
            throw error(spec, token, "invalid warmup \"" + value + "\"",
                "a positive duration such as 10s, 500ms or 2m");
          }
        }
        default -> throw error(spec, token, "unknown option \"" + token + "\"", "one of " + TOKENS);
      }
    }
    if (rate == null) {
      throw error(spec, "rate", "missing rate", "rate=<N>r/s or rate=<N>r/m, e.g. rate=10r/s");
    }
    if (algorithm == null) {
      algorithm = Algorithm.LIMIT_REQ;
    }
    String a = "algorithm=" + algorithm.token();
    if (algorithm != Algorithm.LIMIT_REQ) {
      if (nodelay) {
        throw error(spec, "nodelay", "nodelay does not apply to " + a, "nodelay only with algorithm=limit_req");
      }
      if (delay >= 0) {
        throw error(spec, "delay=" + delay, "delay= does not apply to " + a, "delay= only with algorithm=limit_req");
      }
    } else {
      if (nodelay && delay >= 0) {
        throw error(spec, "delay=" + delay, "nodelay and delay= are mutually exclusive", "either nodelay or delay=<N>");
      }
      if (rate.milliRequestsPerSecond() <= 0) {
        throw error(spec, "rate=" + rate, "rate " + rate + " is below nginx's resolution",
            "at least 1 milli-request per second (e.g. 1r/m; 1r/h is too slow for limit_req)");
      }
    }
    if (burst >= 0 && algorithm != Algorithm.LIMIT_REQ && algorithm != Algorithm.GCRA) {
      throw error(spec, "burst=" + burst, "burst= does not apply to " + a,
          "burst= only with limit_req or gcra" + (algorithm == Algorithm.TOKEN_BUCKET ? "; use capacity=<N>" : ""));
    }
    if (algorithm != Algorithm.TOKEN_BUCKET) {
      if (capacity >= 0) {
        throw error(spec, "capacity=" + capacity, "capacity= does not apply to " + a,
            "capacity= only with algorithm=token_bucket");
      }
      if (refill != null) {
        throw error(spec, "refill=" + refill.name().toLowerCase(Locale.ROOT), "refill= does not apply to " + a,
            "refill= only with algorithm=token_bucket");
      }
      if (warmup != null) {
        throw error(spec, "warmup", "warmup= does not apply to " + a, "warmup= only with algorithm=token_bucket");
      }
    } else if (warmup != null && refill == Refill.INTERVAL) {
      throw error(spec, "refill=interval", "warmup= needs greedy refill", "refill=greedy (the default) with warmup=");
    }
    return new LimitSpec(algorithm, rate, Math.max(burst, 0), Math.max(delay, 0), nodelay, capacity,
        refill == null ? Refill.GREEDY : refill, warmup);
  }

  /** Builds the limiter on the system clock. */
  public RateLimiter build() {
    return build(Ticker.system());
  }

  /**
   * Builds the limiter on {@code ticker}.
   *
   * @throws LimitConfigException if a value is out of the algorithm's range (the message names this spec)
   */
  public LocalRateLimiter build(Ticker ticker) {
    try {
      return create(ticker);
    } catch (LimitConfigException e) {
      throw new LimitConfigException(e.getMessage() + " (in \"" + this + "\")", e.token(), e.expected());
    }
  }

  private LocalRateLimiter create(Ticker ticker) {
    return switch (algorithm) {
      case LIMIT_REQ -> {
        LimitReq.Builder b = LimitReq.builder().rate(rate.permits(), rate.unit()).burst(burst).ticker(ticker);
        if (nodelay) {
          b.nodelay();
        } else {
          b.delay(delay);
        }
        yield b.build();
      }
      case TOKEN_BUCKET -> {
        long cap = capacity > 0 ? capacity : rate.permits();
        TokenBucket.Builder b = TokenBucket.builder().ticker(ticker);
        if (refill == Refill.INTERVAL) {
          b.intervally(cap, rate.permits(), rate.period());
        } else {
          b.greedy(cap, rate.permits(), rate.period());
        }
        if (warmup != null) {
          b.warmUp(warmup);
        }
        yield b.buildLimiter();
      }
      case GCRA -> Gcra.of(rate.permits(), rate.period(), burst, ticker);
      case FIXED_WINDOW -> FixedWindow.of(rate.permits(), rate.period(), ticker);
      case SLIDING_WINDOW -> SlidingWindowCounter.of(rate.permits(), rate.period(), ticker);
      case SLIDING_LOG -> SlidingWindowLog.of(rate.permits(), rate.period(), ticker);
    };
  }

  /** The canonical spec string; {@code parse(toString())} gives an equal spec. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    if (algorithm != Algorithm.LIMIT_REQ) {
      sb.append("algorithm=").append(algorithm.token()).append(' ');
    }
    sb.append("rate=").append(rate);
    if (burst > 0) {
      sb.append(" burst=").append(burst);
    }
    if (nodelay) {
      sb.append(" nodelay");
    } else if (delay > 0) {
      sb.append(" delay=").append(delay);
    }
    if (capacity > 0) {
      sb.append(" capacity=").append(capacity);
    }
    if (algorithm == Algorithm.TOKEN_BUCKET && refill == Refill.INTERVAL) {
      sb.append(" refill=interval");
    }
    if (warmup != null) {
      sb.append(" warmup=").append(warmup.toMillis()).append("ms");
    }
    return sb.toString();
  }

  // ---- helpers, shared with the gate's parser ---------------------------------------------------------------

  /**
   * Parses a duration such as {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}, {@code 1d}, or a bare number of
   * seconds (nginx style); null if malformed.
   */
  public static Duration parseDuration(String text) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    int i = 0;
    while (i < text.length() && Character.isDigit(text.charAt(i))) {
      i++;
    }
    long n = parseLong(text.substring(0, i), -1);
    if (n < 0) {
      return null;
    }
    return switch (text.substring(i)) {
      case "", "s" -> Duration.ofSeconds(n);
      case "ms" -> Duration.ofMillis(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      case "d" -> Duration.ofDays(n);
      default -> null;
    };
  }

  /** Non-negative decimal without sign, or {@code orElse} if malformed or too large. */
  static long parseLong(String text, long orElse) {
    if (text.isEmpty() || text.length() > 18) {
      return orElse;
    }
    long n = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return orElse;
      }
      n = n * 10 + (c - '0');
    }
    return n;
  }

  private static long integer(String spec, String token, String value, String name, String example) {
    requireValue(spec, token, value, INTEGER + ", " + example);
    long n = parseLong(value, -1);
    if (n < 0) {
      throw error(spec, token, "invalid " + name + " \"" + value + "\"", INTEGER + ", " + example);
    }
    return n;
  }

  private static void requireValue(String spec, String token, String value, String expected) {
    if (value == null || value.isEmpty()) {
      throw error(spec, token, "\"" + token + "\" needs a value", expected);
    }
  }

  private static LimitConfigException error(String spec, String token, String what, String expected) {
    return new LimitConfigException(what + " in \"" + spec.trim() + "\": expected " + expected, token, expected);
  }
}
