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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Differential test of the algorithms whose reservations book future permits in ways the other tests don't cover:
 * the Redis warming token bucket against corral-limit's {@code WarmingTokenBucket} (from a cold start), and the
 * Redis sliding log against the local {@code SlidingWindowLog}. Built from the same spec, they answer the same
 * random sequence of requests (decide, tryAcquire, nanosToWait, reserve with a random maximum wait) the same way. The rates are per hour or per day, so the real time the test takes
 * (Redis's clock runs, the local one stands still) is tiny beside every interval: outcomes and remaining permits
 * must be equal, and every wait equal up to the real time that passed (Redis's waits are shorter by at most that).
 */
@ExtendWith(RedisServerExtension.class)
class RedisReservationsMatchLocalTest {

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
      "algorithm=token_bucket rate=1r/h warmup=10h",
      "algorithm=token_bucket rate=3r/h warmup=2h",
      "algorithm=token_bucket rate=20r/d warmup=7d",
      "algorithm=token_bucket rate=1r/h warmup=30m",
      "algorithm=sliding_log rate=3r/h",
      "algorithm=sliding_log rate=8r/d"})
  void redisAnswersARandomSequenceAsTheLocalLimiterDoes(String spec) {
    RateLimiter local = LimitSpec.parse(spec).build(new FakeTicker());
    RateLimiter remote = redis.limiter("warm", RedisAlgorithm.parse(spec)).build().forKey("k");
    assertThat(remote.limit()).isEqualTo(local.limit());
    Random random = new Random(spec.hashCode());
    List<String> localAnswers = new ArrayList<>();
    List<String> remoteAnswers = new ArrayList<>();
    long started = System.nanoTime();
    for (int i = 0; i < 40; i++) {
      long permits = 1 + random.nextInt(3);
      switch (random.nextInt(4)) {
        case 0 -> {
          localAnswers.add(i + ": decide(" + permits + ") " + summary(local.decide(permits)));
          remoteAnswers.add(i + ": decide(" + permits + ") " + summary(remote.decide(permits)));
        }
        case 1 -> {
          localAnswers.add(i + ": tryAcquire(" + permits + ") " + local.tryAcquire(permits));
          remoteAnswers.add(i + ": tryAcquire(" + permits + ") " + remote.tryAcquire(permits));
        }
        case 2 -> {
          long l = local.nanosToWait(permits);
          long r = remote.nanosToWait(permits);
          localAnswers.add(i + ": nanosToWait(" + permits + ") " + l);
          remoteAnswers.add(i + ": nanosToWait(" + permits + ") " + near(r, l, started));
        }
        default -> {
          // a maximum wait of whole hours and a half: far from the waits' own values, which are sums of costs
          long maxWait = TimeUnit.MINUTES.toNanos(30 + 60L * random.nextInt(40));
          long l = local.reserve(permits, maxWait);
          long r = remote.reserve(permits, maxWait);
          localAnswers.add(i + ": reserve(" + permits + ", " + maxWait + ") " + l);
          remoteAnswers.add(i + ": reserve(" + permits + ", " + maxWait + ") " + near(r, l, started));
        }
      }
    }
    assertThat(remoteAnswers).containsExactlyElementsOf(localAnswers);
  }

  @org.junit.jupiter.api.Test
  void aSlidingLogBookingAheadDelaysEveryLaterCaller() {
    RateLimiter log = redis.limiter("booked", RedisAlgorithm.parse("algorithm=sliding_log rate=3r/h")).build()
        .forKey("k");
    assertThat(log.tryAcquire(3)).isTrue();
    long wait = log.reserve(1, TimeUnit.HOURS.toNanos(2)); // when the three leave the window, about an hour on
    assertThat(wait).isGreaterThan(TimeUnit.MINUTES.toNanos(59)).isLessThanOrEqualTo(TimeUnit.HOURS.toNanos(1));

    assertThat(log.tryAcquire()).isFalse(); // the three of now still count now, though the booking dropped them
    assertThat(log.reserve(1, TimeUnit.MINUTES.toNanos(30))).isEqualTo(RateLimiter.REJECTED);
    assertThat(log.nanosToWait(1)).isGreaterThan(TimeUnit.MINUTES.toNanos(59));
  }

  /**
   * {@code local} if {@code remote} is no longer than it and shorter by at most the real time since
   * {@code started} (plus the microsecond rounding of each side), else {@code remote} itself, which then fails the
   * comparison with its own value in the message.
   */
  private static long near(long remote, long local, long started) {
    long elapsed = System.nanoTime() - started + 2_000;
    if (remote == local || (remote < local && remote >= local - elapsed) && remote >= 0 && local >= 0) {
      return local;
    }
    return remote;
  }

  private static String summary(Decision d) {
    return d.outcome() + " remaining=" + d.remaining() + " limit=" + d.limit()
        + (d.retryAfterNanos() == Decision.NEVER ? " never" : "");
  }
}
