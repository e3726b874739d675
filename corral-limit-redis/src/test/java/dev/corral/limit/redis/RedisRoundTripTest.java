package dev.corral.limit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.limit.redis.RedisAlgorithm.Bandwidth;
import dev.corral.limit.redis.testing.RedisServer;
import dev.corral.limit.redis.testing.RedisServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Exactly one round trip per decision, checked on both sides: the client sends a single EVALSHA (Lettuce command
 * listener) and Redis executes a single EVALSHA and no EVAL (INFO commandstats).
 */
@ExtendWith(RedisServerExtension.class)
class RedisRoundTripTest {

  private RedisFixture redis;

  static Stream<RedisAlgorithm> algorithms() {
    return Stream.of(
        RedisAlgorithm.gcra(10, Duration.ofSeconds(1), 5),
        RedisAlgorithm.parse("rate=10r/s burst=5 nodelay"),
        RedisAlgorithm.parse("rate=10r/s burst=5"),
        RedisAlgorithm.tokenBucket(Bandwidth.greedy(100, 10, Duration.ofSeconds(1)),
            Bandwidth.interval(1000, 1000, Duration.ofMinutes(1))),
        RedisAlgorithm.fixedWindow(100, Duration.ofMinutes(1)),
        RedisAlgorithm.slidingWindow(100, Duration.ofMinutes(1)),
        RedisAlgorithm.slidingLog(100, Duration.ofMinutes(1)));
  }

  @BeforeEach
  void connect(RedisServer server) {
    redis = new RedisFixture(server);
  }

  @AfterEach
  void close() {
    redis.close();
  }

  @ParameterizedTest
  @MethodSource("algorithms")
  void eachSyncDecisionIsOneEvalsha(RedisAlgorithm algorithm, RedisServer server) throws Exception {
    RedisRateLimiter limiter = redis.limiter("rt", algorithm).build();
    limiter.loadScripts().toCompletableFuture().join();
    server.command("CONFIG", "RESETSTAT");
    redis.commands.reset();

    limiter.decide("k", 1);
    limiter.tryAcquire("k", 1);
    limiter.nanosToWait("k", 1);
    limiter.reserve("k", 1, Duration.ofSeconds(1).toNanos());

    assertThat(redis.commands.sent()).containsExactly("EVALSHA", "EVALSHA", "EVALSHA", "EVALSHA");
    assertThat(server.commandCalls("evalsha")).isEqualTo(4);
    assertThat(server.commandCalls("eval")).isZero();
  }

  @ParameterizedTest
  @MethodSource("algorithms")
  void concurrentAsyncDecisionsAreOneEvalshaEach(RedisAlgorithm algorithm, RedisServer server) throws Exception {
    RedisRateLimiter limiter = redis.limiter("rt", algorithm).build();
    limiter.decide("warm-up", 1); // loads the script through the NOSCRIPT fallback
    server.command("CONFIG", "RESETSTAT");
    redis.commands.reset();

    List<CompletableFuture<?>> all = Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < 64; i++) {
      all.add(limiter.decideAsync("k" + (i % 4), 1).toCompletableFuture());
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(30, java.util.concurrent.TimeUnit.SECONDS);

    assertThat(redis.commands.sent()).hasSize(64).containsOnly("EVALSHA");
    assertThat(server.commandCalls("evalsha")).isEqualTo(64);
    assertThat(server.commandCalls("eval")).isZero();
  }
}
