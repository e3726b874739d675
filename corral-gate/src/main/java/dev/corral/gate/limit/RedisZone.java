package dev.corral.gate.limit;

import dev.corral.gate.config.ZoneBackend;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * One {@code limit_req} or {@code limit_conn} line's view of a zone kept in Redis (Corral extension): the
 * corral-limit-redis limiter that decides in one round trip on Redis's clock, and the outage state the error log
 * reports once per change ("… does not answer; fail=open decides until it does", "… answers again").
 *
 * @param <L> the limiter: {@code RedisRateLimiter} or {@code RedisConcurrencyLimiter}
 */
public final class RedisZone<L> {
  private final String name;
  private final ZoneBackend backend;
  private final L limiter;
  private final BooleanSupplier available;
  private final AtomicBoolean down;

  RedisZone(String name, ZoneBackend backend, L limiter, BooleanSupplier available, AtomicBoolean down) {
    this.name = name;
    this.backend = backend;
    this.limiter = limiter;
    this.available = available;
    this.down = down;
  }

  public String name() {
    return name;
  }

  public L limiter() {
    return limiter;
  }

  /** Whether the last decisions came from Redis (not from the failure policy). */
  public boolean redisAvailable() {
    return available.getAsBoolean();
  }

  /**
   * After a decision: the error-log line if Redis just stopped or started answering for this zone (each change
   * reported once by one caller), else null. Thread-safe.
   */
  public String outageChange() {
    boolean up = available.getAsBoolean();
    if (!up && down.compareAndSet(false, true)) {
      return "zone \"" + name + "\": Redis at " + backend.url() + " does not answer; fail="
          + backend.fail().name().toLowerCase(java.util.Locale.ROOT) + " decides until it does";
    }
    if (up && down.compareAndSet(true, false)) {
      return "zone \"" + name + "\": Redis at " + backend.url() + " answers again";
    }
    return null;
  }
}
