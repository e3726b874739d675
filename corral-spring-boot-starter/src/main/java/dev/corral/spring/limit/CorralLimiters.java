package dev.corral.spring.limit;

import dev.corral.limit.LimitConfigException;
import dev.corral.limit.LimitSpec;
import dev.corral.limit.LocalKeyedRateLimiter;
import dev.corral.limit.RateLimiter;
import dev.corral.limit.KeyedRateLimiter;
import dev.corral.limit.Ticker;
import dev.corral.spring.CorralConfigException;
import dev.corral.spring.autoconfigure.CorralProperties;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.util.ClassUtils;

/**
 * The limiters declared under {@code corral.limit}, by name; a Spring bean. Immutable after construction and
 * thread-safe; the limiters themselves are lock-free.
 *
 * <pre>{@code
 * @Autowired CorralLimiters limiters;
 * if (!limiters.limiter("api").tryAcquire()) { ... }
 * limiters.keyed("login").tryAcquire(user.id());
 * }</pre>
 */
public final class CorralLimiters implements AutoCloseable {
  private static final String EXAMPLE = "expected a limit spec such as \"rate=10r/s burst=20 nodelay\"";

  private static final boolean REDIS = ClassUtils.isPresent("dev.corral.limit.redis.RedisRateLimiter",
      CorralLimiters.class.getClassLoader());

  private final Map<String, NamedLimiter> byName;
  private final AutoCloseable redis; // the RedisBackend, or a no-op

  private CorralLimiters(Map<String, NamedLimiter> byName, AutoCloseable redis) {
    this.byName = Collections.unmodifiableMap(byName);
    this.redis = redis;
  }

  /**
   * Builds every limiter of {@code limits} on {@code ticker}, without the application's Redis.
   *
   * @throws CorralConfigException naming the first property that is missing or invalid
   */
  public static CorralLimiters from(Map<String, CorralProperties.Limit> limits, Ticker ticker) {
    return from(limits, ticker, Optional.empty());
  }

  /**
   * Builds every limiter of {@code limits} on {@code ticker}; {@code backend: redis} limiters connect through
   * {@code applicationRedis}.
   *
   * @throws CorralConfigException naming the first property that is missing or invalid
   */
  public static CorralLimiters from(Map<String, CorralProperties.Limit> limits, Ticker ticker,
                                    Optional<ApplicationRedis> applicationRedis) {
    Map<String, NamedLimiter> byName = new LinkedHashMap<>();
    Object[] redis = new Object[1]; // the RedisBackend, created at the first Redis limiter
    try {
      limits.forEach((name, limit) -> byName.put(name, build(name, limit, ticker, redis, applicationRedis)));
    } catch (RuntimeException e) {
      closeQuietly((AutoCloseable) redis[0], e);
      throw e;
    }
    return new CorralLimiters(byName, redis[0] == null ? () -> { } : (AutoCloseable) redis[0]);
  }

  private static void closeQuietly(AutoCloseable c, RuntimeException failure) {
    if (c != null) {
      try {
        c.close();
      } catch (Exception e) {
        failure.addSuppressed(e);
      }
    }
  }

  private static NamedLimiter build(String name, CorralProperties.Limit limit, Ticker ticker, Object[] redis,
                                    Optional<ApplicationRedis> applicationRedis) {
    String prefix = "corral.limit." + name + ".";
    if (limit.spec() == null || limit.spec().isBlank()) {
      throw new CorralConfigException(prefix + "spec", null, "missing: " + EXAMPLE);
    }
    String backend = limit.backend() == null ? "local" : limit.backend().trim();
    if (!backend.equals("local")) {
      return remote(prefix, name, limit, backend, ticker, redis, applicationRedis);
    }
    if (limit.onBackendFailure() != null) {
      throw new CorralConfigException(prefix + "on-backend-failure", limit.onBackendFailure(),
          "applies only to a Redis backend (set " + prefix + "backend: redis or redis://HOST:PORT)");
    }
    if (!limit.keyed()) {
      if (limit.maxKeys() != null) {
        throw notKeyed(prefix, "max-keys", limit.maxKeys());
      }
      if (limit.idleExpiry() != null) {
        throw notKeyed(prefix, "idle-expiry", limit.idleExpiry());
      }
    } else {
      if (limit.maxKeys() != null && limit.maxKeys() < 1) {
        throw new CorralConfigException(prefix + "max-keys", limit.maxKeys(), "expected a positive number of keys");
      }
      if (limit.idleExpiry() != null && limit.idleExpiry().isNegative()) {
        throw new CorralConfigException(prefix + "idle-expiry", limit.idleExpiry(),
            "expected a non-negative duration such as 60s");
      }
    }
    String text = limit.spec().trim();
    try {
      LimitSpec spec = LimitSpec.parse(text);
      if (!limit.keyed()) {
        return new NamedLimiter(name, spec, spec.build(ticker));
      }
      LocalKeyedRateLimiter.Builder<String> b = LocalKeyedRateLimiter.<String>builder(spec).ticker(ticker);
      if (limit.maxKeys() != null) {
        b.maxKeys(limit.maxKeys());
      }
      if (limit.idleExpiry() != null) {
        b.idleExpiry(limit.idleExpiry());
      }
      return new NamedLimiter(name, spec, b.build());
    } catch (LimitConfigException e) {
      throw new CorralConfigException(prefix + "spec", text, withoutSpec(e.getMessage(), text));
    }
  }

  private static NamedLimiter remote(String prefix, String name, CorralProperties.Limit limit, String backend,
                                     Ticker ticker, Object[] redis, Optional<ApplicationRedis> applicationRedis) {
    if (!backend.equals(RedisBackend.APPLICATION) && !backend.startsWith("redis://") && !backend.startsWith("rediss://")) {
      throw new CorralConfigException(prefix + "backend", backend,
          "expected local, redis (the application's Spring Data Redis) or a Redis URI redis://HOST:PORT");
    }
    if (!REDIS) {
      throw new CorralConfigException(prefix + "backend", backend,
          "a Redis backend needs dev.corral:corral-limit-redis (and Lettuce) on the class path");
    }
    if (limit.maxKeys() != null || limit.idleExpiry() != null) {
      throw new CorralConfigException(prefix + (limit.maxKeys() != null ? "max-keys" : "idle-expiry"),
          limit.maxKeys() != null ? limit.maxKeys() : limit.idleExpiry(),
          "applies only to a local limiter (Redis keys expire once at rest)");
    }
    String text = limit.spec().trim();
    try {
      LimitSpec spec = LimitSpec.parse(text);
      BackendFailure onFailure = BackendFailure.parse(prefix + "on-backend-failure", limit.onBackendFailure());
      if (redis[0] == null) {
        redis[0] = new RedisBackend(applicationRedis);
      }
      return new NamedLimiter(name, spec, backend, ((RedisBackend) redis[0]).limiter(prefix + "backend", name,
          backend, spec, onFailure.policy(spec, limit.keyed(), ticker)), limit.keyed());
    } catch (LimitConfigException e) {
      throw new CorralConfigException(prefix + "spec", text, withoutSpec(e.getMessage(), text));
    }
  }

  /** corral-limit's messages end their first part with {@code in "SPEC"}; the property line already shows it. */
  private static String withoutSpec(String message, String spec) {
    return message.replace(" in \"" + spec + "\"", "").replace(" (in \"" + spec + "\")", "");
  }

  private static CorralConfigException notKeyed(String prefix, String field, Object value) {
    return new CorralConfigException(prefix + field, value,
        "applies only to a keyed limiter (set " + prefix + "keyed: true)");
  }

  /** The limiter called {@code name}, if declared. */
  public Optional<NamedLimiter> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /**
   * The limiter called {@code name}.
   *
   * @throws IllegalArgumentException if there is no {@code corral.limit.NAME}
   */
  public NamedLimiter get(String name) {
    NamedLimiter l = byName.get(name);
    if (l == null) {
      throw new IllegalArgumentException("no limiter corral.limit." + name + " (declared: " + names() + ")");
    }
    return l;
  }

  /**
   * The single (not keyed) limiter called {@code name}, counted for the meters.
   *
   * @throws IllegalArgumentException if it is not declared
   * @throws IllegalStateException    if it is keyed
   */
  public RateLimiter limiter(String name) {
    return get(name).limiter();
  }

  /**
   * The keyed limiter called {@code name}, counted for the meters.
   *
   * @throws IllegalArgumentException if it is not declared
   * @throws IllegalStateException    if it is not keyed
   */
  public KeyedRateLimiter<String> keyed(String name) {
    return get(name).keyedLimiter();
  }

  /** Every limiter, in declaration order. */
  public Collection<NamedLimiter> all() {
    return byName.values();
  }

  /** Closes the Redis connections of Redis-backed limiters, if any; the limiters then answer by their failure policy. */
  @Override
  public void close() throws Exception {
    redis.close();
  }

  /** The declared names, comma-separated, or "none". */
  public String names() {
    return byName.isEmpty() ? "none" : String.join(", ", byName.keySet());
  }
}
