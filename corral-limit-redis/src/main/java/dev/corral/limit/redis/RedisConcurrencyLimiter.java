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
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
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
 *       the {@linkplain Builder#lease lease}. Without {@linkplain Builder#renewWith renewal}, work must finish
 *       within the lease, or the cap is exceeded by it. With renewal, a task on the injected scheduler renews every
 *       held permit of this limiter every {@linkplain Builder#renewEvery renewal interval} in one round trip (one
 *       per hash slot on a cluster), so a live holder keeps its permit however long it works, and a dead one
 *       (process gone, {@link #close()} called, scheduler stopped) loses it one lease after its last renewal.</li>
 *   <li>{@link #acquire} and {@link #acquireAsync} poll (Redis has no wake-up for a release) with a short
 *       back-off, until the timeout.</li>
 *   <li>Redis slow or down: the {@link FailurePolicy} decides after the timeout, as for {@link RedisRateLimiter}; a
 *       fail-open permit is a no-op.</li>
 * </ul>
 * Thread-safe.
 */
public final class RedisConcurrencyLimiter implements KeyedConcurrencyLimiter<String>, AutoCloseable {

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
  private final LeaseRenewer renewer;
  /** The renewal task, or {@code null} without renewal. */
  private final ScheduledFuture<?> renewal;

  private RedisConcurrencyLimiter(Builder b) {
    this.name = b.name;
    this.runner = new ScriptRunner(b.commands);
    this.keyStart = b.keyPrefix + "{" + b.name + ":";
    this.limit = b.limit;
    this.acquireArgs = new String[] {Integer.toString(b.limit), Long.toString(b.lease.toNanos() / 1000), "", "0"};
    this.policy = b.policy;
    this.ticker = b.ticker;
    this.guard = b.guard();
    this.renewer = new LeaseRenewer(b.name, b.commands, runner, b.lease.toNanos() / 1000, b.timeout.toNanos());
    if (b.scheduler != null) {
      long every = b.renewEvery != null ? b.renewEvery.toNanos() : b.lease.toNanos() / 3;
      this.renewal = b.scheduler.scheduleWithFixedDelay(renewer::renewNow, every, every, TimeUnit.NANOSECONDS);
    } else {
      this.renewal = null;
    }
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
    if (!reply.allowed()) {
      return null;
    }
    RedisPermit permit = new RedisPermit(runner, renewer, redisKey, leaseId);
    if (renewal != null) {
      renewer.track(permit);
    }
    return permit;
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

  /** Whether held permits are renewed (a scheduler was given and {@link #close()} was not called). */
  public boolean renewing() {
    return renewal != null && !renewal.isCancelled();
  }

  /**
   * Stops renewing leases (the scheduler itself is the caller's, and is not shut down). Permits still held then
   * lapse one lease after their last renewal, as a dead holder's do. Idempotent; a limiter without renewal has
   * nothing to stop. The limiter keeps working otherwise.
   */
  @Override
  public void close() {
    if (renewal != null) {
      renewal.cancel(false);
    }
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
    private ScheduledExecutorService scheduler;
    private Duration renewEvery;

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

    /**
     * Renews held permits from {@code scheduler} (the caller's; this limiter never shuts it down), so a holder that
     * stays alive keeps its permit past the lease. Without it (the default) a permit lapses after one lease.
     */
    public Builder renewWith(ScheduledExecutorService scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /** How often held permits are renewed; default a third of the lease; must be shorter than the lease. */
    public Builder renewEvery(Duration every) {
      this.renewEvery = positive("renewEvery", every);
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
      if (renewEvery != null && renewEvery.compareTo(lease) >= 0) {
        throw new IllegalStateException("renewEvery: " + renewEvery + " (expected: shorter than the lease " + lease
            + ")");
      }
      if (renewEvery != null && scheduler == null) {
        throw new IllegalStateException("renewEvery: " + renewEvery + " without a scheduler (expected: renewWith("
            + "scheduler) too)");
      }
      return new RedisConcurrencyLimiter(this);
    }
  }
}
