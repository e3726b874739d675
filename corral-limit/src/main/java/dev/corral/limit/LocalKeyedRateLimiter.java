package dev.corral.limit;

import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * A {@link KeyedRateLimiter} in memory: one limiter per key in a {@link ConcurrentHashMap}, with bounded memory
 * like an nginx zone.
 *
 * <ul>
 *   <li><b>Lookups</b> of a known key are a lock-free map read plus the limiter's CAS; no allocation.</li>
 *   <li><b>Idle expiry</b>: when a new key is added, a few entries (a rolling cursor over the map) are checked and
 *       removed if unused for {@code idleExpiry} <em>and</em> back at rest (so dropping them changes no decision).
 *       {@link #cleanUp()} checks them all.</li>
 *   <li><b>Max keys</b>: adding a key to a full map evicts the least recently used of a sample of entries, even if
 *       not at rest (as nginx evicts the oldest node when its zone is full). The map may exceed the bound by the
 *       number of threads adding keys at the same instant.</li>
 * </ul>
 * Maintenance runs under a {@code tryLock}-style flag: a thread that finds it busy skips it; nothing waits.
 *
 * @param <K> key type with value-based equals/hashCode
 */
public final class LocalKeyedRateLimiter<K> implements KeyedRateLimiter<K> {

  private static final int SWEEP_PER_INSERT = 2;
  private static final int EVICTION_SAMPLE = 8;

  private final Function<Ticker, ? extends LocalRateLimiter> factory;
  private final Ticker ticker;
  private final int maxKeys;
  private final long idleNanos;
  private final long touchGranularity;
  private final LocalRateLimiter prototype;
  private final ConcurrentHashMap<K, LocalRateLimiter> map;
  private final AtomicBoolean maintaining = new AtomicBoolean();
  private Iterator<Map.Entry<K, LocalRateLimiter>> cursor; // guarded by maintaining
  private final LongAdder expired = new LongAdder();
  private final LongAdder evicted = new LongAdder();

  private LocalKeyedRateLimiter(Builder<K> b) {
    this.factory = b.factory;
    this.ticker = b.ticker;
    this.maxKeys = b.maxKeys;
    this.idleNanos = b.idleNanos;
    this.touchGranularity = Math.max(1_000_000L, idleNanos / 64);
    this.prototype = factory.apply(ticker);
    this.map = new ConcurrentHashMap<>(Math.min(maxKeys, 1 << 16));
  }

  /** Keys limited by limiters that {@code factory} builds on the given ticker. */
  public static <K> Builder<K> builder(Function<Ticker, ? extends LocalRateLimiter> factory) {
    return new Builder<>(factory);
  }

  /** Keys limited by the limiter a spec describes, e.g. {@code "rate=10r/s burst=20 nodelay"}. */
  public static <K> Builder<K> builder(LimitSpec spec) {
    return new Builder<>(spec::build);
  }

  public static <K> Builder<K> builder(String spec) {
    return builder(LimitSpec.parse(spec));
  }

  // ---- lookups ------------------------------------------------------------------------------------------------

  private LocalRateLimiter get(K key, long now) {
    LocalRateLimiter l = map.get(key);
    if (l != null) {
      l.touch(now, touchGranularity);
      return l;
    }
    return create(key, now);
  }

  private LocalRateLimiter create(K key, long now) {
    if (key == null) {
      throw new NullPointerException("key");
    }
    maintain(now, map.size() >= maxKeys);
    LocalRateLimiter fresh = prototype.sibling(now);
    if (fresh == null) {
      fresh = factory.apply(ticker);
    }
    fresh.initLastUsed(now);
    LocalRateLimiter prev = map.putIfAbsent(key, fresh);
    return prev != null ? prev : fresh;
  }

  /**
   * The limiter of {@code key}, created as {@link #tryAcquire(Object)} would create it if the key is not held
   * (the lookup counts as a use for idle expiry and eviction). For callers that need more than the keyed calls
   * give, such as {@link LimitReq#excessMilliRequests()} for a log line; the limiter stays valid after an
   * eviction but no longer counts for the key.
   *
   * @throws NullPointerException if {@code key} is null
   */
  public LocalRateLimiter limiter(K key) {
    return get(key, ticker.read());
  }

  @Override
  public boolean tryAcquire(K key) {
    long now = ticker.read();
    return get(key, now).tryAcquireAt(now, 1);
  }

  @Override
  public boolean tryAcquire(K key, long permits) {
    LocalRateLimiter.checkPermits(permits);
    long now = ticker.read();
    return get(key, now).tryAcquireAt(now, permits);
  }

  @Override
  public Decision decide(K key, long permits) {
    LocalRateLimiter.checkPermits(permits);
    long now = ticker.read();
    return get(key, now).decideAt(now, permits);
  }

  @Override
  public long reserve(K key, long permits, long maxWaitNanos) {
    LocalRateLimiter.checkPermits(permits);
    long now = ticker.read();
    long r = get(key, now).reserveAt(now, permits, Math.max(0, maxWaitNanos));
    return r >= 0 ? r : RateLimiter.REJECTED;
  }

  /** For a key not in the map: what a fresh limiter would say; no entry is created. */
  @Override
  public long nanosToWait(K key, long permits) {
    LocalRateLimiter.checkPermits(permits);
    LocalRateLimiter l = map.get(key);
    return (l != null ? l : prototype).nanosToWaitAt(ticker.read(), permits);
  }

  @Override
  public long limit() {
    return prototype.limit();
  }

  @Override
  public Ticker ticker() {
    return ticker;
  }

  // ---- memory bound -------------------------------------------------------------------------------------------

  /** Keys currently held. */
  public int size() {
    return map.size();
  }

  public int maxKeys() {
    return maxKeys;
  }

  /** Entries removed because idle and at rest. */
  public long expiredCount() {
    return expired.sum();
  }

  /** Entries evicted because the map was full. */
  public long evictedCount() {
    return evicted.sum();
  }

  /** Removes every entry idle for {@code idleExpiry} and at rest. Safe to call from a scheduler. */
  public void cleanUp() {
    long now = ticker.read();
    for (Map.Entry<K, LocalRateLimiter> e : map.entrySet()) {
      expireIfIdle(e, now);
    }
  }

  private boolean expireIfIdle(Map.Entry<K, LocalRateLimiter> e, long now) {
    LocalRateLimiter l = e.getValue();
    if (now - l.lastUsed() >= idleNanos && l.atRest(now) && map.remove(e.getKey(), l)) {
      expired.increment();
      return true;
    }
    return false;
  }

  private Map.Entry<K, LocalRateLimiter> next() {
    if (cursor == null || !cursor.hasNext()) {
      cursor = map.entrySet().iterator();
      if (!cursor.hasNext()) {
        return null;
      }
    }
    return cursor.next();
  }

  private void maintain(long now, boolean full) {
    if (!maintaining.compareAndSet(false, true)) {
      return;
    }
    try {
      boolean freed = false;
      for (int i = 0; i < SWEEP_PER_INSERT; i++) {
        Map.Entry<K, LocalRateLimiter> e = next();
        if (e == null) {
          break;
        }
        freed |= expireIfIdle(e, now);
      }
      if (full && !freed) {
        while (map.size() >= maxKeys) {
          Map.Entry<K, LocalRateLimiter> victim = null;
          long oldest = Long.MAX_VALUE;
          for (int i = 0; i < EVICTION_SAMPLE; i++) {
            Map.Entry<K, LocalRateLimiter> e = next();
            if (e == null) {
              break;
            }
            long age = e.getValue().lastUsed() - now;
            if (victim == null || age < oldest) {
              victim = e;
              oldest = age;
            }
          }
          if (victim == null) {
            break;
          }
          if (map.remove(victim.getKey(), victim.getValue())) {
            evicted.increment();
          }
        }
      }
    } finally {
      maintaining.set(false);
    }
  }

  @Override
  public String toString() {
    return "LocalKeyedRateLimiter[" + prototype + ", keys=" + map.size() + "/" + maxKeys + "]";
  }

  /** Configures a {@link LocalKeyedRateLimiter}. */
  public static final class Builder<K> {
    private final Function<Ticker, ? extends LocalRateLimiter> factory;
    private Ticker ticker = Ticker.system();
    private int maxKeys = 100_000;
    private long idleNanos = Duration.ofSeconds(60).toNanos();

    private Builder(Function<Ticker, ? extends LocalRateLimiter> factory) {
      if (factory == null) {
        throw new NullPointerException("factory");
      }
      this.factory = factory;
    }

    /** At most this many keys (default 100,000, about what nginx keeps in a 10m zone). */
    public Builder<K> maxKeys(int maxKeys) {
      if (maxKeys < 1) {
        throw LimitConfigException.argument("maxKeys", "a positive number of keys", maxKeys);
      }
      this.maxKeys = maxKeys;
      return this;
    }

    /** Entries unused this long and back at rest may be dropped (default 60 s, as nginx). */
    public Builder<K> idleExpiry(Duration idle) {
      if (idle == null || idle.isNegative()) {
        throw LimitConfigException.argument("idleExpiry", "a non-negative duration", idle);
      }
      this.idleNanos = idle.toNanos();
      return this;
    }

    public Builder<K> ticker(Ticker ticker) {
      if (ticker == null) {
        throw new NullPointerException("ticker");
      }
      this.ticker = ticker;
      return this;
    }

    public LocalKeyedRateLimiter<K> build() {
      return new LocalKeyedRateLimiter<>(this);
    }
  }
}
