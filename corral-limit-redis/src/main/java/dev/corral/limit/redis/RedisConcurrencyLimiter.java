package dev.corral.limit.redis;

import dev.corral.limit.ConcurrencyLimiter;
import dev.corral.limit.KeyedConcurrencyLimiter;
import dev.corral.limit.Permit;
import dev.corral.limit.RateLimitedException;
import dev.corral.limit.Ticker;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-flight cap per key shared through Redis (nginx {@code limit_conn} across machines): at most
 * {@link #limit()} permits per key are held at once by all clients together.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>Acquiring is one round trip (one EVALSHA); releasing ({@link Permit#close()}) is one more, sent without
 *       waiting. Release is idempotent.</li>
 *   <li>Each permit is a <b>lease</b>: if its holder never releases it (crashed, partitioned), Redis forgets it after
 *       the {@linkplain Builder#lease lease}. Work must finish within the lease, or the cap is exceeded by it.</li>
 *   <li>{@link #acquire} and {@link #acquireAsync} poll (Redis has no wake-up for a release) with a short
 *       back-off, until the timeout.</li>
 *   <li>Redis slow or down: the {@link FailurePolicy} decides after the timeout, as for {@link RedisRateLimiter}; a
 *       fail-open permit is a no-op.</li>
 * </ul>
 * Thread-safe.
 */
public final class RedisConcurrencyLimiter implements KeyedConcurrencyLimiter<String> {

  private static final Permit UNLIMITED = () -> { };
  private static final long MIN_POLL_NANOS = 2_000_000L;
  private static final long MAX_POLL_NANOS = 50_000_000L;

  private final String name;
  private final ScriptRunner runner;
  private final String keyStart;
  private final int limit;
  private final String[] acquireArgs;
  private final FailurePolicy policy;
  private final RedisGuard guard;
  private final Ticker ticker;
  /** Lease ids: a random id of this instance plus a counter, unique across clients without a UUID per permit. */
  private final String leasePrefix = Long.toHexString(ThreadLocalRandom.current().nextLong()) + ":";
  private final AtomicLong leases = new AtomicLong();

  private RedisConcurrencyLimiter(Builder b) {
    this.name = b.name;
    this.runner = new ScriptRunner(b.commands);
    this.keyStart = b.keyPrefix + "{" + b.name + ":";
    this.limit = b.limit;
    this.acquireArgs = new String[] {Integer.toString(b.limit), Long.toString(b.lease.toNanos() / 1000), "", "0"};
    this.policy = b.policy;
    this.ticker = b.ticker;
    this.guard = b.guard();
  }

  /** A builder on a Lettuce connection's async commands: {@code connection.async()}, standalone or cluster. */
  public static Builder builder(RedisScriptingAsyncCommands<String, String> commands) {
    return new Builder(commands);
  }

  /** A permit for {@code key} if fewer than {@link #limit()} are held, else {@code null}; one round trip. */
  public CompletionStage<Permit> tryAcquireAsync(String key) {
    Objects.requireNonNull(key, "key");
    if (!guard.shouldAsk()) {
      return CompletableFuture.completedFuture(whileDown(key));
    }
    String redisKey = keyStart + key + "}";
    String leaseId = leasePrefix + leases.incrementAndGet();
    return guard.then(send(redisKey, leaseId), reply -> permit(reply, redisKey, leaseId), () -> whileDown(key));
  }

  /** {@link #tryAcquireAsync}, the caller's thread waiting at most the timeout. */
  @Override
  public Permit tryAcquire(String key) {
    Objects.requireNonNull(key, "key");
    if (!guard.shouldAsk()) {
      return whileDown(key);
    }
    String redisKey = keyStart + key + "}";
    String leaseId = leasePrefix + leases.incrementAndGet();
    return guard.await(send(redisKey, leaseId), reply -> permit(reply, redisKey, leaseId), () -> whileDown(key));
  }

  private Permit permit(ScriptReply reply, String redisKey, String leaseId) {
    return reply.allowed() ? new RedisPermit(runner, redisKey, leaseId) : null;
  }

  private CompletableFuture<ScriptReply> send(String redisKey, String leaseId) {
    String[] args = acquireArgs.clone();
    args[2] = leaseId;
    return runner.decide(LuaScript.CONCURRENCY_ACQUIRE, new String[] {redisKey}, args);
  }

  @Override
  public Permit acquire(String key, Duration timeout) throws InterruptedException {
    long deadline = ticker.read() + nonNegativeNanos(timeout);
    long poll = MIN_POLL_NANOS;
    while (true) {
      Permit permit = tryAcquire(key);
      if (permit != null) {
        return permit;
      }
      long left = deadline - ticker.read();
      if (left <= 0) {
        return null;
      }
      ticker.sleep(Math.min(poll, left));
      poll = Math.min(poll * 2, MAX_POLL_NANOS);
    }
  }

  @Override
  public CompletionStage<Permit> acquireAsync(String key, Duration timeout) {
    long deadline = ticker.read() + nonNegativeNanos(timeout);
    return attempt(key, deadline, MIN_POLL_NANOS, timeout);
  }

  /** Permits currently held for {@code key} by all clients (one round trip; 0 while Redis is unavailable). */
  public CompletionStage<Integer> inFlightAsync(String key) {
    return guard.then(count(key), this::held, () -> 0);
  }

  @Override
  public int inFlight(String key) {
    return guard.await(count(key), this::held, () -> 0);
  }

  private CompletableFuture<ScriptReply> count(String key) {
    String[] args = acquireArgs.clone();
    args[3] = "1";
    return runner.decide(LuaScript.CONCURRENCY_ACQUIRE, new String[] {keyStart + Objects.requireNonNull(key, "key") + "}"},
        args);
  }

  private int held(ScriptReply reply) {
    return (int) (limit - reply.remaining());
  }

  @Override
  public int limit() {
    return limit;
  }

  /** A {@link ConcurrencyLimiter} for one key. */
  public ConcurrencyLimiter forKey(String key) {
    return new RedisKeyConcurrencyLimiter(this, Objects.requireNonNull(key, "key"));
  }

  /** Whether the last exchange with Redis succeeded (false while the failure policy is in force). */
  public boolean redisAvailable() {
    return guard.isUp();
  }

  @Override
  public String toString() {
    return "RedisConcurrencyLimiter[" + name + ", limit " + limit + "]";
  }

  private CompletionStage<Permit> attempt(String key, long deadline, long poll, Duration timeout) {
    return tryAcquireAsync(key).thenCompose(permit -> {
      if (permit != null) {
        return CompletableFuture.completedFuture(permit);
      }
      long left = deadline - ticker.read();
      if (left <= 0) {
        return CompletableFuture.failedFuture(new RateLimitedException(
            "in-flight limit " + limit + " of " + name + " reached for " + key + ": no permit within " + timeout,
            MIN_POLL_NANOS));
      }
      return CompletableFuture.supplyAsync(() -> null, ticker.delayedExecutor(Math.min(poll, left)))
          .thenCompose(ignored -> attempt(key, deadline, Math.min(poll * 2, MAX_POLL_NANOS), timeout));
    });
  }

  private Permit whileDown(String key) {
    return switch (policy) {
      case FailurePolicy.Open open -> UNLIMITED;
      case FailurePolicy.Closed closed -> null;
      case FailurePolicy.ConcurrencyFallback fallback -> fallback.local().tryAcquire(key);
      case FailurePolicy.Fallback wrong ->
          throw new IllegalStateException("failurePolicy: a rate-limiter fallback (refused by build())");
    };
  }

  private static long nonNegativeNanos(Duration timeout) {
    if (timeout == null || timeout.isNegative()) {
      return 0;
    }
    return timeout.compareTo(Duration.ofDays(365)) > 0 ? Duration.ofDays(365).toNanos() : timeout.toNanos();
  }

  /** Builds a {@link RedisConcurrencyLimiter}; {@link #name} and {@link #limit} are required. Not thread-safe. */
  public static final class Builder extends RedisLimiterBuilder<Builder> {
    private int limit;
    private Duration lease = Duration.ofMinutes(1);

    private Builder(RedisScriptingAsyncCommands<String, String> commands) {
      super(commands, "corral:conn:");
    }

    /** Permits held at once per key. */
    public Builder limit(int limit) {
      if (limit < 1) {
        throw new IllegalArgumentException("limit: " + limit + " (expected: > 0)");
      }
      this.limit = limit;
      return this;
    }

    /** How long an unreleased permit counts before Redis forgets it; default 1 minute. */
    public Builder lease(Duration lease) {
      this.lease = positive("lease", lease);
      return this;
    }

    @Override
    FailurePolicy checkPolicy(FailurePolicy policy) {
      if (policy instanceof FailurePolicy.Fallback) {
        throw new IllegalArgumentException("failurePolicy: fallback to a rate limiter (expected: failOpen(), "
            + "failClosed() or fallback to a ConcurrencyLimiter/KeyedConcurrencyLimiter)");
      }
      return policy;
    }

    @Override
    Builder self() {
      return this;
    }

    /**
     * Builds the limiter.
     *
     * @throws IllegalStateException if the name or the limit is missing
     */
    public RedisConcurrencyLimiter build() {
      requireName();
      if (limit == 0) {
        throw new IllegalStateException("limit: not set (expected: limit(n) before build())");
      }
      return new RedisConcurrencyLimiter(this);
    }
  }
}
