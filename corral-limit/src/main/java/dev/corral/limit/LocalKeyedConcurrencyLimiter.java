package dev.corral.limit;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * nginx {@code limit_conn} in memory: at most {@code limit} permits in flight per key, a key's counter existing only
 * while it has permits out (so memory follows the number of busy keys), and at most {@code maxKeys} busy keys
 * (beyond that new keys are refused, as an exhausted nginx zone refuses).
 *
 * <p>Lock-free: a counter is claimed by CAS; a counter that drops to zero is retired (marked dead by CAS and removed)
 * and a racing acquirer that finds it dead installs a fresh one. Waiting ({@link #acquire}) polls with a short
 * back-off on the injected ticker; for queued hand-off per key use one {@link InFlightLimiter} per key instead.
 *
 * @param <K> key type with value-based equals/hashCode
 */
public final class LocalKeyedConcurrencyLimiter<K> implements KeyedConcurrencyLimiter<K> {

  private final int limit;
  private final int maxKeys;
  private final Ticker ticker;
  private final ConcurrentHashMap<K, Counter> map = new ConcurrentHashMap<>();

  private LocalKeyedConcurrencyLimiter(int limit, int maxKeys, Ticker ticker) {
    if (limit < 1) {
      throw LimitConfigException.argument("limit", "at least 1 permit in flight per key", limit);
    }
    if (maxKeys < 1) {
      throw LimitConfigException.argument("maxKeys", "a positive number of keys", maxKeys);
    }
    this.limit = limit;
    this.maxKeys = maxKeys;
    this.ticker = ticker;
  }

  /** {@code limit} in flight per key, at most 100,000 busy keys. */
  public static <K> LocalKeyedConcurrencyLimiter<K> of(int limit) {
    return of(limit, 100_000, Ticker.system());
  }

  public static <K> LocalKeyedConcurrencyLimiter<K> of(int limit, int maxKeys, Ticker ticker) {
    return new LocalKeyedConcurrencyLimiter<>(limit, maxKeys, ticker);
  }

  @Override
  public Permit tryAcquire(K key) {
    if (key == null) {
      throw new NullPointerException("key");
    }
    while (true) {
      Counter c = map.get(key);
      if (c == null) {
        if (map.size() >= maxKeys) {
          return null;
        }
        Counter fresh = new Counter();
        c = map.putIfAbsent(key, fresh);
        if (c == null) {
          c = fresh;
        }
      }
      int r = c.tryIncrement(limit);
      if (r > 0) {
        return new KeyPermit<>(this, key, c);
      }
      if (r == 0) {
        return null;
      }
      map.remove(key, c); // dead: retired by a racing release; install a fresh one
    }
  }

  @Override
  public Permit acquire(K key, Duration timeout) throws InterruptedException {
    long deadline = ticker.read() + (timeout == null || timeout.isNegative() ? 0 : timeout.toNanos());
    long backoff = 10_000;
    while (true) {
      Permit p = tryAcquire(key);
      if (p != null) {
        return p;
      }
      long left = deadline - ticker.read();
      if (left <= 0) {
        return null;
      }
      ticker.sleep(Math.min(left, backoff));
      backoff = Math.min(backoff * 2, 5_000_000);
    }
  }

  @Override
  public CompletionStage<Permit> acquireAsync(K key, Duration timeout) {
    long deadline = ticker.read() + (timeout == null || timeout.isNegative() ? 0 : timeout.toNanos());
    return attempt(key, deadline, 10_000, timeout);
  }

  private CompletionStage<Permit> attempt(K key, long deadline, long backoff, Duration timeout) {
    Permit p;
    try {
      p = tryAcquire(key);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    if (p != null) {
      return CompletableFuture.completedFuture(p);
    }
    long left = deadline - ticker.read();
    if (left <= 0) {
      return CompletableFuture.failedFuture(
          new RateLimitedException("concurrency limit per key: no permit within " + timeout, 0));
    }
    long next = Math.min(backoff * 2, 5_000_000);
    return CompletableFuture.supplyAsync(() -> null, ticker.delayedExecutor(Math.min(left, backoff)))
        .thenCompose(x -> attempt(key, deadline, next, timeout));
  }

  @Override
  public int inFlight(K key) {
    Counter c = map.get(key);
    return c == null ? 0 : Math.max(0, c.count);
  }

  @Override
  public int limit() {
    return limit;
  }

  /** Keys with permits in flight. */
  public int busyKeys() {
    return map.size();
  }

  private void release(K key, Counter c) {
    if (c.decrement()) {
      map.remove(key, c);
    }
  }

  /** In-flight count; -1 once retired. */
  private static final class Counter {
    private static final VarHandle COUNT;

    static {
      try {
        COUNT = MethodHandles.lookup().findVarHandle(Counter.class, "count", int.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    volatile int count;

    /** 1 taken, 0 at the limit, -1 dead. */
    int tryIncrement(int limit) {
      while (true) {
        int cur = count;
        if (cur < 0) {
          return -1;
        }
        if (cur >= limit) {
          return 0;
        }
        if (COUNT.compareAndSet(this, cur, cur + 1)) {
          return 1;
        }
      }
    }

    /** Decrements; true if it reached zero and was retired. */
    boolean decrement() {
      int after = (int) COUNT.getAndAdd(this, -1) - 1;
      return after == 0 && COUNT.compareAndSet(this, 0, -1);
    }
  }

  private static final class KeyPermit<K> implements Permit {
    private static final VarHandle DONE;

    static {
      try {
        DONE = MethodHandles.lookup().findVarHandle(KeyPermit.class, "done", boolean.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    private final LocalKeyedConcurrencyLimiter<K> owner;
    private final K key;
    private final Counter counter;
    @SuppressWarnings("unused")
    private volatile boolean done;

    KeyPermit(LocalKeyedConcurrencyLimiter<K> owner, K key, Counter counter) {
      this.owner = owner;
      this.key = key;
      this.counter = counter;
    }

    @Override
    public void onSuccess() {
      if (DONE.compareAndSet(this, false, true)) {
        owner.release(key, counter);
      }
    }
  }
}
