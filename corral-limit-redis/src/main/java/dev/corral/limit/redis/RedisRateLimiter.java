package dev.corral.limit.redis;

import dev.corral.limit.Decision;
import dev.corral.limit.KeyedRateLimiter;
import dev.corral.limit.RateLimiter;
import dev.corral.limit.Ticker;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A {@link KeyedRateLimiter} whose state lives in Redis, so every machine sharing the Redis shares the limit.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>Every decision is <b>one round trip</b>: one EVALSHA of the algorithm's Lua script, which reads Redis's
 *       clock ({@code TIME}), decides and updates atomically. Only when Redis doesn't know the script yet (first use,
 *       restart) is it followed by one EVAL that also loads it.</li>
 *   <li>The async forms ({@link #decideAsync}, {@link #reserveAsync}, {@link #nanosToWaitAsync}) never block; the
 *       sync forms wait on the caller's thread, never longer than the {@linkplain Builder#timeout timeout}.</li>
 *   <li>If Redis doesn't answer within the timeout or answers with an error, the {@link FailurePolicy} decides, and
 *       keeps deciding for the {@linkplain Builder#probeInterval probe interval} without asking Redis; then Redis is
 *       asked again, and its first answer ends the outage. A decision that timed out may still have been counted in
 *       Redis (it reached Redis, the reply was late).</li>
 *   <li>Keys are {@code <prefix>{<name>:<key>}}: the braces are a Redis Cluster hash tag, so a key's state is in one
 *       slot while different keys spread over the cluster. Every key has a TTL; an idle key disappears once its
 *       limit is back to rest.</li>
 * </ul>
 *
 * <p>Thread-safe; share one instance (and one Lettuce connection, which pipelines concurrent decisions).
 *
 * <pre>{@code
 * RedisClient client = RedisClient.create("redis://127.0.0.1:6379");
 * StatefulRedisConnection<String, String> connection = client.connect();
 * RedisRateLimiter perUser = RedisRateLimiter.builder(connection.async())
 *     .name("api")
 *     .algorithm(RedisAlgorithm.gcra(100, Duration.ofMinutes(1), 20))
 *     .timeout(Duration.ofMillis(100))
 *     .failurePolicy(FailurePolicy.failOpen())
 *     .build();
 * perUser.decideAsync("user-42", 1).thenAccept(d -> ...);
 * }</pre>
 */
public final class RedisRateLimiter implements KeyedRateLimiter<String> {

  /** The longest wait passed to a script (~31 years), so Lua's doubles stay exact. */
  private static final long MAX_WAIT_MICROS = 1_000_000_000_000_000L;
  private static final long MIN_RETRY_NANOS = 1_000_000L;

  private final String name;
  private final ScriptRunner runner;
  private final ScriptCall call;
  private final String keyStart;
  private final FailurePolicy policy;
  private final RedisGuard guard;
  private final Ticker ticker;
  private final long limit;

  private RedisRateLimiter(Builder b) {
    this.name = b.name;
    this.runner = new ScriptRunner(b.commands);
    this.call = ScriptCall.of(b.algorithm);
    this.keyStart = b.keyPrefix + "{" + b.name + ":";
    this.policy = b.policy;
    this.ticker = b.ticker;
    this.guard = b.guard();
    this.limit = b.algorithm.limit();
  }

  /** A builder on a Lettuce connection's async commands: {@code connection.async()}, standalone or cluster. */
  public static Builder builder(RedisScriptingAsyncCommands<String, String> commands) {
    return new Builder(commands);
  }

  // ---- asynchronous (the native forms) -----------------------------------------------------------------------

  /** {@link #decide(String, long)} without blocking: completes after one round trip or by the failure policy. */
  @Override
  public CompletionStage<Decision> decideAsync(String key, long permits) {
    long maxWait = call.decideAcceptsDelay() ? MAX_WAIT_MICROS : 0;
    return askAsync(key, permits, maxWait, false, reply -> toDecision(reply, permits), () -> decisionWhileDown(key,
        permits));
  }

  private Decision decisionWhileDown(String key, long permits) {
    return switch (policy) {
      case FailurePolicy.Open open -> Decision.passed(permits, 0, limit, 0);
      case FailurePolicy.Closed closed -> Decision.rejected(permits, 0, limit, retryWhileDown(), 0);
      case FailurePolicy.Fallback fallback -> fallback.local().decide(key, permits);
      case FailurePolicy.ConcurrencyFallback wrong -> throw wrongFallback();
    };
  }

  /** {@link #reserve(String, long, long)} without blocking. */
  @Override
  public CompletionStage<Long> reserveAsync(String key, long permits, long maxWaitNanos) {
    return askAsync(key, permits, maxWaitMicros(maxWaitNanos), false, RedisRateLimiter::reservedWait,
        () -> reserveWhileDown(key, permits, maxWaitNanos));
  }

  private long reserveWhileDown(String key, long permits, long maxWaitNanos) {
    return switch (policy) {
      case FailurePolicy.Open open -> 0L;
      case FailurePolicy.Closed closed -> RateLimiter.REJECTED;
      case FailurePolicy.Fallback fallback -> fallback.local().reserve(key, permits, maxWaitNanos);
      case FailurePolicy.ConcurrencyFallback wrong -> throw wrongFallback();
    };
  }

  /** {@link #nanosToWait(String, long)} without blocking. */
  @Override
  public CompletionStage<Long> nanosToWaitAsync(String key, long permits) {
    return askAsync(key, permits, 0, true, RedisRateLimiter::waitOf, () -> waitWhileDown(key, permits));
  }

  private long waitWhileDown(String key, long permits) {
    return switch (policy) {
      case FailurePolicy.Open open -> 0L;
      case FailurePolicy.Closed closed -> retryWhileDown();
      case FailurePolicy.Fallback fallback -> fallback.local().nanosToWait(key, permits);
      case FailurePolicy.ConcurrencyFallback wrong -> throw wrongFallback();
    };
  }

  // ---- synchronous (the caller's thread waits for the reply, at most the timeout) -----------------------------

  @Override
  public boolean tryAcquire(String key, long permits) {
    return reserve(key, permits, 0) == 0;
  }

  @Override
  public Decision decide(String key, long permits) {
    long maxWait = call.decideAcceptsDelay() ? MAX_WAIT_MICROS : 0;
    return askSync(key, permits, maxWait, false, reply -> toDecision(reply, permits),
        () -> decisionWhileDown(key, permits));
  }

  @Override
  public long reserve(String key, long permits, long maxWaitNanos) {
    return askSync(key, permits, maxWaitMicros(maxWaitNanos), false, RedisRateLimiter::reservedWait,
        () -> reserveWhileDown(key, permits, maxWaitNanos));
  }

  @Override
  public long nanosToWait(String key, long permits) {
    return askSync(key, permits, 0, true, RedisRateLimiter::waitOf, () -> waitWhileDown(key, permits));
  }

  @Override
  public long limit() {
    return limit;
  }

  @Override
  public Ticker ticker() {
    return ticker;
  }

  /** Whether the last exchange with Redis succeeded (false while the failure policy is in force). */
  public boolean redisAvailable() {
    return guard.isUp();
  }

  /** Loads every script into Redis ahead of the first decision (optional: the first decision loads it anyway). */
  public CompletionStage<Void> loadScripts() {
    return runner.loadAll();
  }

  @Override
  public String toString() {
    return "RedisRateLimiter[" + name + ", limit " + limit + "]";
  }

  /** Sends the script, or returns null if Redis is down and not due for a probe. */
  private CompletableFuture<ScriptReply> send(String key, long permits, long maxWaitMicros, boolean peek) {
    Objects.requireNonNull(key, "key");
    if (permits < 1) {
      throw new IllegalArgumentException("permits: " + permits + " (expected: > 0)");
    }
    if (!guard.shouldAsk()) {
      return null;
    }
    String[] params = call.parameters();
    String[] args = new String[3 + params.length];
    args[0] = Long.toString(permits);
    args[1] = Long.toString(maxWaitMicros);
    args[2] = peek ? "1" : "0";
    System.arraycopy(params, 0, args, 3, params.length);
    return runner.decide(call.script(), keys(key), args);
  }

  private <T> CompletionStage<T> askAsync(String key, long permits, long maxWaitMicros, boolean peek,
      Function<ScriptReply, T> onReply, Supplier<T> whileDown) {
    CompletableFuture<ScriptReply> sent = send(key, permits, maxWaitMicros, peek);
    return sent == null ? CompletableFuture.completedFuture(whileDown.get()) : guard.then(sent, onReply, whileDown);
  }

  private <T> T askSync(String key, long permits, long maxWaitMicros, boolean peek,
      Function<ScriptReply, T> onReply, Supplier<T> whileDown) {
    CompletableFuture<ScriptReply> sent = send(key, permits, maxWaitMicros, peek);
    return sent == null ? whileDown.get() : guard.await(sent, onReply, whileDown);
  }

  private String[] keys(String key) {
    String base = keyStart + key + "}";
    return call.keyCount() == 1 ? new String[] {base} : new String[] {base + ":log", base + ":seq"};
  }

  private Decision toDecision(ScriptReply reply, long permits) {
    if (reply.allowed()) {
      return Decision.delayed(permits, reply.remaining(), limit, reply.delayMicros() * 1000,
          reply.resetAfterMicros() * 1000);
    }
    long retry = reply.retryAfterMicros() < 0 ? Decision.NEVER : reply.retryAfterMicros() * 1000;
    return Decision.rejected(permits, reply.remaining(), limit, retry, reply.resetAfterMicros() * 1000);
  }

  private static long maxWaitMicros(long maxWaitNanos) {
    return Math.min(Math.max(maxWaitNanos, 0) / 1000, MAX_WAIT_MICROS);
  }

  private static long reservedWait(ScriptReply reply) {
    return reply.allowed() ? reply.delayMicros() * 1000 : RateLimiter.REJECTED;
  }

  private static long waitOf(ScriptReply reply) {
    if (reply.allowed()) {
      return 0L;
    }
    return reply.retryAfterMicros() < 0 ? Decision.NEVER : reply.retryAfterMicros() * 1000;
  }

  private static IllegalStateException wrongFallback() {
    return new IllegalStateException("failurePolicy: a concurrency-limiter fallback (refused by build())");
  }

  private long retryWhileDown() {
    return Math.max(guard.nanosUntilProbe(), MIN_RETRY_NANOS);
  }

  /** Builds a {@link RedisRateLimiter}; {@link #name} and {@link #algorithm} are required. Not thread-safe. */
  public static final class Builder extends RedisLimiterBuilder<Builder> {
    private RedisAlgorithm algorithm;

    private Builder(RedisScriptingAsyncCommands<String, String> commands) {
      super(commands, "corral:limit:");
    }

    /** The algorithm and its parameters (see {@link RedisAlgorithm}'s factories). */
    public Builder algorithm(RedisAlgorithm algorithm) {
      this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
      return this;
    }

    @Override
    FailurePolicy checkPolicy(FailurePolicy policy) {
      if (policy instanceof FailurePolicy.ConcurrencyFallback) {
        throw new IllegalArgumentException("failurePolicy: fallback to a concurrency limiter (expected: failOpen(), "
            + "failClosed() or fallback to a RateLimiter/KeyedRateLimiter)");
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
     * @throws IllegalStateException if the name or the algorithm is missing
     */
    public RedisRateLimiter build() {
      requireName();
      if (algorithm == null) {
        throw new IllegalStateException("algorithm: not set (expected: algorithm(RedisAlgorithm...) before build())");
      }
      return new RedisRateLimiter(this);
    }
  }
}
