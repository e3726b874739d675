package dev.corral.limit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.limit.Decision;
import dev.corral.limit.FakeTicker;
import dev.corral.limit.LimitSpec;
import dev.corral.limit.RateLimiter;
import dev.corral.limit.redis.testing.RedisServer;
import dev.corral.limit.redis.testing.RedisServerExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Redis limiter and corral-limit's local one, built from the same spec string, answer a random sequence of
 * requests (1 to 3 permits each, mixing decide, tryAcquire and nanosToWait) the same way: same outcome, same
 * remaining. Rates are per hour or per day, so the few milliseconds of real time the test takes cannot change an
 * answer while the local limiter's clock stands still.
 */
@ExtendWith(RedisServerExtension.class)
class RedisMatchesLocalTest {

  private RedisFixture redis;

  @BeforeEach
  void connect(RedisServer server) {
    redis = new RedisFixture(server);
  }

  @AfterEach
  void close() {
    redis.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "rate=1r/m burst=6 nodelay",
      "rate=1r/m burst=5 delay=2",
      "rate=1r/m burst=4",
      "algorithm=gcra rate=1r/h burst=7",
      "algorithm=token_bucket rate=1r/h capacity=9",
      "algorithm=token_bucket rate=4r/d capacity=8 refill=interval",
      "algorithm=fixed_window rate=10r/d",
      "algorithm=sliding_window rate=10r/d",
      "algorithm=sliding_log rate=10r/h"})
  void redisAnswersARandomSequenceAsTheLocalLimiterDoes(String spec) {
    RateLimiter local = LimitSpec.parse(spec).build(new FakeTicker());
    RateLimiter remote = redis.limiter("same", RedisAlgorithm.parse(spec)).build().forKey("k");
    Random random = new Random(spec.hashCode());
    List<String> localAnswers = new ArrayList<>();
    List<String> remoteAnswers = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      long permits = 1 + random.nextInt(3);
      switch (random.nextInt(3)) {
        case 0 -> {
          localAnswers.add(i + ": decide(" + permits + ") " + summary(local.decide(permits)));
          remoteAnswers.add(i + ": decide(" + permits + ") " + summary(remote.decide(permits)));
        }
        case 1 -> {
          localAnswers.add(i + ": tryAcquire(" + permits + ") " + local.tryAcquire(permits));
          remoteAnswers.add(i + ": tryAcquire(" + permits + ") " + remote.tryAcquire(permits));
        }
        default -> {
          localAnswers.add(i + ": canTakeNow(" + permits + ") " + (local.nanosToWait(permits) == 0));
          remoteAnswers.add(i + ": canTakeNow(" + permits + ") " + (remote.nanosToWait(permits) == 0));
        }
      }
    }
    assertThat(remoteAnswers).containsExactlyElementsOf(localAnswers);
  }

  private static String summary(Decision d) {
    return d.outcome() + " remaining=" + d.remaining() + " limit=" + d.limit()
        + (d.retryAfterNanos() == Decision.NEVER ? " never" : "");
  }
}
