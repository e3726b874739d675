package dev.corral.limit.redis;

import dev.corral.limit.Ticker;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import java.time.Duration;
import java.util.Objects;

/**
 * The settings every Redis limiter has: its name, key prefix, how long to wait for Redis, how long to stay on the
 * {@link FailurePolicy} after a failure, and the clock. Each setter checks its argument and throws
 * {@link IllegalArgumentException} naming the setting, the value and what was expected. Not thread-safe.
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class RedisLimiterBuilder<B extends RedisLimiterBuilder<B>> {
  final RedisScriptingAsyncCommands<String, String> commands;
  String name;
  String keyPrefix;
  Duration timeout = Duration.ofMillis(250);
  Duration probeInterval = Duration.ofSeconds(1);
  FailurePolicy policy = FailurePolicy.failOpen();
  Ticker ticker = Ticker.system();

  RedisLimiterBuilder(RedisScriptingAsyncCommands<String, String> commands, String defaultKeyPrefix) {
    this.commands = Objects.requireNonNull(commands, "commands");
    this.keyPrefix = defaultKeyPrefix;
  }

  /**
   * The limit's name, part of every Redis key; limiters of the same kind with the same name share state across
   * clients. Required.
   */
  public B name(String name) {
    if (name == null || name.isBlank() || name.indexOf('{') >= 0 || name.indexOf('}') >= 0) {
      throw new IllegalArgumentException("name: " + (name == null ? null : "\"" + name + "\"")
          + " (expected: non-blank, without { or })");
    }
    this.name = name;
    return self();
  }

  /** The start of every Redis key (the default depends on the limiter's kind). */
  public B keyPrefix(String keyPrefix) {
    if (keyPrefix == null || keyPrefix.indexOf('{') >= 0 || keyPrefix.indexOf('}') >= 0) {
      throw new IllegalArgumentException("keyPrefix: " + keyPrefix + " (expected: text without { or })");
    }
    this.keyPrefix = keyPrefix;
    return self();
  }

  /** How long a decision waits for Redis before the failure policy decides; default 250 ms. */
  public B timeout(Duration timeout) {
    this.timeout = positive("timeout", timeout);
    return self();
  }

  /** After a failure, how long to decide by the policy without asking Redis; default 1 s. */
  public B probeInterval(Duration probeInterval) {
    this.probeInterval = positive("probeInterval", probeInterval);
    return self();
  }

  /**
   * What to answer while Redis is unavailable; default {@link FailurePolicy#failOpen()}. A fallback must be a local
   * limiter of the same kind as the one being built.
   *
   * @throws IllegalArgumentException for a fallback of the other kind
   */
  public B failurePolicy(FailurePolicy policy) {
    this.policy = checkPolicy(Objects.requireNonNull(policy, "policy"));
    return self();
  }

  /** The clock for the probe interval and for waiting; default {@link Ticker#system()}. */
  public B ticker(Ticker ticker) {
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    return self();
  }

  /** {@code policy} if this kind of limiter can apply it, else an {@link IllegalArgumentException}. */
  abstract FailurePolicy checkPolicy(FailurePolicy policy);

  abstract B self();

  /** The guard both limiters use, built from these settings. */
  RedisGuard guard() {
    return new RedisGuard(name, ticker, timeout.toNanos(), probeInterval.toNanos());
  }

  /** @throws IllegalStateException if the name is missing */
  void requireName() {
    if (name == null) {
      throw new IllegalStateException("name: not set (expected: name(\"...\") before build())");
    }
  }

  static Duration positive(String what, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + ": " + d + " (expected: > 0)");
    }
    return d;
  }
}
