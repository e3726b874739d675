package dev.corral.limit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.limit.redis.testing.RedisServer;
import dev.corral.limit.redis.testing.RedisServerExtension;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Each script's decisions against a real Redis, with periods long enough (minutes) that the real clock moving
 * during the test cannot change the outcome.
 */
@ExtendWith(RedisServerExtension.class)
class LuaScriptContractTest {

  private static final long MINUTE_US = 60_000_000L;
  private static final String[] ONE_KEY = {"corral:{k}"};

  private RedisClient client;
  private StatefulRedisConnection<String, String> connection;
  private ScriptRunner runner;

  @BeforeEach
  void connect(RedisServer redis) {
    client = RedisClient.create(redis.uri());
    connection = client.connect();
    runner = new ScriptRunner(connection.async());
  }

  @AfterEach
  void close() {
    connection.close();
    client.shutdown();
  }

  @Test
  void gcraAdmitsBurstThenRejectsWithRetryOfOneInterval() throws Exception {
    for (int i = 0; i < 3; i++) {
      ScriptReply r = run(LuaScript.GCRA, ONE_KEY, MINUTE_US, 3, 1);
      assertThat(r.allowed()).isTrue();
      assertThat(r.remaining()).isEqualTo(2 - i);
    }
    ScriptReply rejected = run(LuaScript.GCRA, ONE_KEY, MINUTE_US, 3, 1);
    assertThat(rejected.allowed()).isFalse();
    assertThat(rejected.retryAfterMicros()).isBetween(MINUTE_US - 10_000_000, MINUTE_US);
    assertThat(rejected.resetAfterMicros()).isBetween(3 * MINUTE_US - 10_000_000, 3 * MINUTE_US);
  }

  @Test
  void gcraNeverAdmitsMorePermitsThanBurst() throws Exception {
    ScriptReply r = run(LuaScript.GCRA, ONE_KEY, MINUTE_US, 3, 4);
    assertThat(r.allowed()).isFalse();
    assertThat(r.retryAfterMicros()).isEqualTo(-1);
  }

  @Test
  void gcraKeyExpiresWhenTheLimitIsFullAgain(RedisServer redis) throws Exception {
    run(LuaScript.GCRA, ONE_KEY, MINUTE_US, 3, 1);
    long pttl = Long.parseLong(redis.command("PTTL", ONE_KEY[0]).substring(1));
    assertThat(pttl).isBetween(50_000L, 61_000L);
  }

  @Test
  void limitReqFirstRequestPassesThenBurstIsQueuedWithDelayThenRejected() throws Exception {
    // 1r/m burst=2, no nodelay (delay=0): first passes, next two delayed ~1 and ~2 minutes, fourth rejected
    long rate = 1000 / 60; // milli-requests per second, integer as nginx computes for r/m
    ScriptReply first = run(LuaScript.LIMIT_REQ, ONE_KEY, rate, 2000, 0, 1);
    assertThat(first.allowed()).isTrue();
    assertThat(first.delayMicros()).isZero();
    ScriptReply second = run(LuaScript.LIMIT_REQ, ONE_KEY, rate, 2000, 0, 1);
    assertThat(second.allowed()).isTrue();
    assertThat(second.delayMicros()).isBetween(50_000_000L, 63_000_000L);
    ScriptReply third = run(LuaScript.LIMIT_REQ, ONE_KEY, rate, 2000, 0, 1);
    assertThat(third.allowed()).isTrue();
    assertThat(third.delayMicros()).isBetween(110_000_000L, 126_000_000L);
    ScriptReply fourth = run(LuaScript.LIMIT_REQ, ONE_KEY, rate, 2000, 0, 1);
    assertThat(fourth.allowed()).isFalse();
  }

  @Test
  void limitReqRejectionDoesNotChangeState(RedisServer redis) throws Exception {
    long rate = 1000 / 60;
    run(LuaScript.LIMIT_REQ, ONE_KEY, rate, 1000, Long.MAX_VALUE / 2, 1);
    run(LuaScript.LIMIT_REQ, ONE_KEY, rate, 1000, Long.MAX_VALUE / 2, 1);
    String before = redis.command("HGET", ONE_KEY[0], "e") + "/" + redis.command("HGET", ONE_KEY[0], "l");
    for (int i = 0; i < 5; i++) {
      assertThat(run(LuaScript.LIMIT_REQ, ONE_KEY, rate, 1000, Long.MAX_VALUE / 2, 1).allowed()).isFalse();
    }
    String after = redis.command("HGET", ONE_KEY[0], "e") + "/" + redis.command("HGET", ONE_KEY[0], "l");
    assertThat(after).isEqualTo(before);
  }

  @Test
  void tokenBucketTakesUpToCapacityThenRejectsWithRetryForOneToken() throws Exception {
    // capacity 5, 1 token per minute, greedy
    for (int i = 0; i < 5; i++) {
      assertThat(run(LuaScript.TOKEN_BUCKET, ONE_KEY, 1, 1, 5, 1, MINUTE_US, 0).allowed()).isTrue();
    }
    ScriptReply rejected = run(LuaScript.TOKEN_BUCKET, ONE_KEY, 1, 1, 5, 1, MINUTE_US, 0);
    assertThat(rejected.allowed()).isFalse();
    assertThat(rejected.remaining()).isZero();
    assertThat(rejected.retryAfterMicros()).isBetween(MINUTE_US - 10_000_000, MINUTE_US);
  }

  @Test
  void tokenBucketWithTwoBandwidthsObeysTheTighterOne() throws Exception {
    // 100 per minute and 3 per minute: the second limits
    int allowed = 0;
    for (int i = 0; i < 10; i++) {
      if (run(LuaScript.TOKEN_BUCKET, ONE_KEY, 1, 2, 100, 100, MINUTE_US, 0, 3, 3, MINUTE_US, 1).allowed()) {
        allowed++;
      }
    }
    assertThat(allowed).isEqualTo(3);
  }

  @Test
  void tokenBucketRejectsMoreThanCapacityForever() throws Exception {
    ScriptReply r = run(LuaScript.TOKEN_BUCKET, ONE_KEY, 6, 1, 5, 1, MINUTE_US, 0);
    assertThat(r.allowed()).isFalse();
    assertThat(r.retryAfterMicros()).isEqualTo(-1);
  }

  @Test
  void fixedWindowCountsOnlyAdmittedPermits() throws Exception {
    long hour = 60 * MINUTE_US;
    assertThat(run(LuaScript.FIXED_WINDOW, ONE_KEY, 5, hour, 3).allowed()).isTrue();
    assertThat(run(LuaScript.FIXED_WINDOW, ONE_KEY, 5, hour, 3).allowed()).isFalse();
    ScriptReply last = run(LuaScript.FIXED_WINDOW, ONE_KEY, 5, hour, 2);
    assertThat(last.allowed()).isTrue();
    assertThat(last.remaining()).isZero();
  }

  @Test
  void slidingWindowCounterAdmitsLimitWithinOneWindow() throws Exception {
    long day = 1440 * MINUTE_US;
    int allowed = 0;
    for (int i = 0; i < 8; i++) {
      if (run(LuaScript.SLIDING_WINDOW, ONE_KEY, 5, day, 1).allowed()) {
        allowed++;
      }
    }
    assertThat(allowed).isEqualTo(5);
  }

  @Test
  void slidingLogAdmitsLimitAndRetriesWhenOldestEntryLeaves() throws Exception {
    String[] keys = {"corral:{k}:log", "corral:{k}:seq"};
    for (int i = 0; i < 4; i++) {
      assertThat(run(LuaScript.SLIDING_LOG, keys, 4, MINUTE_US, 1).allowed()).isTrue();
    }
    ScriptReply rejected = run(LuaScript.SLIDING_LOG, keys, 4, MINUTE_US, 1);
    assertThat(rejected.allowed()).isFalse();
    assertThat(rejected.retryAfterMicros()).isBetween(MINUTE_US - 10_000_000, MINUTE_US);
  }

  @Test
  void concurrencyLimitCapsHeldPermitsUntilReleased() throws Exception {
    assertThat(run(LuaScript.CONCURRENCY_ACQUIRE, ONE_KEY, 2, MINUTE_US, "a", 1).allowed()).isTrue();
    assertThat(run(LuaScript.CONCURRENCY_ACQUIRE, ONE_KEY, 2, MINUTE_US, "b", 1).allowed()).isTrue();
    assertThat(run(LuaScript.CONCURRENCY_ACQUIRE, ONE_KEY, 2, MINUTE_US, "c", 1).allowed()).isFalse();

    long released = runner.integer(LuaScript.CONCURRENCY_RELEASE, ONE_KEY, "a", "1").get(10, TimeUnit.SECONDS);

    assertThat(released).isEqualTo(1);
    assertThat(run(LuaScript.CONCURRENCY_ACQUIRE, ONE_KEY, 2, MINUTE_US, "c", 1).allowed()).isTrue();
  }

  @Test
  void concurrencyLeaseExpiresWhenHolderNeverReleases() throws Exception {
    assertThat(run(LuaScript.CONCURRENCY_ACQUIRE, ONE_KEY, 1, 1, "lost", 1).allowed()).isTrue();
    Thread.sleep(5); // the 1 us lease is long gone; this only makes sure Redis time moved on
    assertThat(run(LuaScript.CONCURRENCY_ACQUIRE, ONE_KEY, 1, MINUTE_US, "next", 1).allowed()).isTrue();
  }

  private ScriptReply run(LuaScript script, String[] keys, Object... args) throws Exception {
    String[] text = new String[args.length];
    for (int i = 0; i < args.length; i++) {
      text[i] = String.valueOf(args[i]);
    }
    return runner.decide(script, keys, text).get(10, TimeUnit.SECONDS);
  }
}
