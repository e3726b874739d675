package dev.corral.spring.limit;

import dev.corral.limit.Decision;
import dev.corral.limit.KeyedRateLimiter;
import dev.corral.limit.LimitSpec;
import dev.corral.limit.LocalKeyedRateLimiter;
import dev.corral.limit.RateLimiter;
import dev.corral.limit.Ticker;
import java.util.Objects;

/**
 * One limiter declared as {@code corral.limit.NAME}: either a single {@link RateLimiter} or, with
 * {@code keyed: true}, a {@link KeyedRateLimiter} of one limiter per key. Every permit granted or refused
 * through it (the annotations, the HTTP filter, or code calling {@link #limiter()} / {@link #keyedLimiter()})
 * is counted for the meters and the Actuator endpoint. Thread-safe.
 */
public final class NamedLimiter {
  private final String name;
  private final LimitSpec spec;
  private final String backend;
  private final PermitCounts counts = new PermitCounts();
  private final RateLimiter single;                       // null when keyed
  private final LocalKeyedRateLimiter<String> local;      // null when not keyed or not local
  private final KeyedRateLimiter<String> keyed;           // counting view; null when not keyed

  NamedLimiter(String name, LimitSpec spec, RateLimiter single) {
    this(name, spec, "local", single, null, null);
  }

  NamedLimiter(String name, LimitSpec spec, LocalKeyedRateLimiter<String> local) {
    this(name, spec, "local", null, local, local);
  }

  /** A limiter kept elsewhere (Redis): keyed, or a single limiter as one key of it. */
  NamedLimiter(String name, LimitSpec spec, String backend, KeyedRateLimiter<String> remote, boolean keyed) {
    this(name, spec, backend, keyed ? null : remote.forKey(""), null, keyed ? remote : null);
  }

  private NamedLimiter(String name, LimitSpec spec, String backend, RateLimiter single,
                       LocalKeyedRateLimiter<String> local, KeyedRateLimiter<String> keyed) {
    this.name = name;
    this.spec = spec;
    this.backend = backend;
    this.single = single == null ? null : new CountingRateLimiter(single, counts);
    this.local = local;
    this.keyed = keyed == null ? null : new CountingKeyedRateLimiter(keyed, counts);
  }

  /** The name, the {@code NAME} of {@code corral.limit.NAME}. */
  public String name() {
    return name;
  }

  /** The parsed spec. */
  public LimitSpec spec() {
    return spec;
  }

  /** {@code local}, or the Redis URI the limiter's state is kept at. */
  public String backend() {
    return backend;
  }

  /** Whether this is a family of limiters, one per key. */
  public boolean isKeyed() {
    return keyed != null;
  }

  /**
   * Decides for {@code permits} and counts the outcome.
   *
   * @param key the key when {@link #isKeyed()}; ignored otherwise
   * @throws NullPointerException if the limiter is keyed and {@code key} is null
   */
  public Decision decide(String key, long permits) {
    return keyed != null ? keyed.decide(Objects.requireNonNull(key, "key"), permits) : single.decide(permits);
  }

  /**
   * The single limiter, counted.
   *
   * @throws IllegalStateException if this limiter is keyed
   */
  public RateLimiter limiter() {
    if (single == null) {
      throw new IllegalStateException("corral.limit." + name + " is keyed: use keyedLimiter()");
    }
    return single;
  }

  /**
   * The keyed limiter, counted.
   *
   * @throws IllegalStateException if this limiter is not keyed
   */
  public KeyedRateLimiter<String> keyedLimiter() {
    if (keyed == null) {
      throw new IllegalStateException("corral.limit." + name + " is not keyed: use limiter()");
    }
    return keyed;
  }

  /** The nominal limit ({@code RateLimit-Limit}): capacity, burst + 1 or permits per window. */
  public long limit() {
    return single != null ? single.limit() : keyed.limit();
  }

  /** Permits granted since start. */
  public long granted() {
    return counts.granted();
  }

  /** Permits refused since start. */
  public long rejected() {
    return counts.rejected();
  }

  /** The clock the limiter decides and waits on. */
  public Ticker ticker() {
    return single != null ? single.ticker() : keyed.ticker();
  }

  /** Keys held right now by a local keyed limiter; 0 for a single or a Redis limiter. */
  public int keys() {
    return local == null ? 0 : local.size();
  }

  /** For a single limiter: nanoseconds until one permit is available (0 = now); 0 for a keyed one. */
  public long nanosToWait() {
    return single == null ? 0 : single.nanosToWait(1);
  }

  @Override
  public String toString() {
    return "corral.limit." + name + "[" + spec + (isKeyed() ? ", keyed" : "") + ", " + backend + "]";
  }
}
