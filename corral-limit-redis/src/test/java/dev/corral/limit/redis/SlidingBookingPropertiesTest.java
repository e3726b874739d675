package dev.corral.limit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.limit.RateLimiter;
import dev.corral.limit.redis.testing.RedisServer;
import dev.corral.limit.redis.testing.RedisServerExtension;
import io.lettuce.core.ScoredValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The sliding windows of Redis book future permits and never over-admit, for every sequence of requests: the
 * granted permits, each at the exact Redis time it was booked for (read back from the key), are checked against a
 * reference model of the rule each algorithm promises.
 *
 * <ul>
 *   <li>Sliding log: in every window of {@code W} (a half-open interval of that length), at most {@code limit}
 *       permits.
 *   <li>Sliding-window counter: a permit at time {@code x = w·W + e} passes only if
 *       {@code count(w − 1)·(W − e)/W + count of w's permits at or before x ≤ limit}, {@code count(w − 1)} being
 *       that window's final count (nothing is ever booked into a past window).
 * </ul>
 *
 * Both: bookings are in time order, no grant waits longer than its request allowed, and a request for more than the
 * limit never passes. Windows are an hour, so the real time the test takes is tiny beside them and most bookings
 * land in later windows, across the window edges the counter's rule turns on.
 */
class SlidingBookingPropertiesTest {

  private static final Duration WINDOW = Duration.ofHours(1);
  private static final long W = WINDOW.toNanos() / 1000;

  private static RedisServer server;
  private static RedisFixture redis;
  private static final AtomicInteger tries = new AtomicInteger();

  @BeforeContainer
  static void startRedis() throws Exception {
    server = RedisServer.start(RedisServerExtension.requireBinary(RedisServer.findBinary(),
        "true".equalsIgnoreCase(System.getenv("CI"))));
    redis = new RedisFixture(server);
  }

  @AfterContainer
  static void stopRedis() throws Exception {
    if (redis != null) {
      redis.close();
    }
    if (server != null) {
      server.close();
    }
  }

  /** One request: {@code tryAcquire(permits)} when {@code maxWaitMicros} is 0, else a reservation. */
  record Request(int permits, long maxWaitMicros) {}

  /** A permit grant: {@code permits} at Redis time {@code at}, {@code waitMicros} after the request. */
  record Grant(long permits, long at, long waitMicros, long maxWaitMicros) {}

  @Provide
  Arbitrary<List<Request>> requests() {
    Arbitrary<Integer> permits = Arbitraries.integers().between(1, 7);
    Arbitrary<Long> maxWait = Arbitraries.oneOf(Arbitraries.just(0L),
        Arbitraries.longs().between(0, 3 * W), Arbitraries.longs().between(1, W / 10));
    return Combinators.combine(permits, maxWait).as(Request::new).list().ofMinSize(1).ofMaxSize(30);
  }

  @Property(tries = 60)
  void theSlidingLogNeverHasMoreThanTheLimitInAnyWindow(@ForAll @IntRange(min = 1, max = 6) int limit,
      @ForAll("requests") List<Request> requests) {
    String key = "log" + tries.incrementAndGet();
    List<Grant> grants = run(RedisAlgorithm.slidingLog(limit, WINDOW), limit, key, requests,
        () -> newestLogged(key));
    for (Grant g : grants) {
      long inWindow = grants.stream().filter(h -> h.at() > g.at() - W && h.at() <= g.at())
          .mapToLong(Grant::permits).sum();
      assertThat(inWindow).as("permits in the window ending at %d, of %s", g.at(), grants).isLessThanOrEqualTo(limit);
    }
  }

  @Property(tries = 60)
  void theSlidingCounterNeverAdmitsBeyondItsEstimate(@ForAll @IntRange(min = 1, max = 6) int limit,
      @ForAll("requests") List<Request> requests) {
    String key = "counter" + tries.incrementAndGet();
    List<Grant> grants = run(RedisAlgorithm.slidingWindow(limit, WINDOW), limit, key, requests,
        () -> Long.parseLong(redis.connection.sync().hget(stateKey(key), "t")));
    for (int i = 0; i < grants.size(); i++) {
      Grant g = grants.get(i);
      long window = Math.floorDiv(g.at(), W);
      long elapsed = g.at() - window * W;
      long previous = grants.stream().filter(h -> Math.floorDiv(h.at(), W) == window - 1)
          .mapToLong(Grant::permits).sum();
      long current = grants.subList(0, i + 1).stream().filter(h -> Math.floorDiv(h.at(), W) == window)
          .mapToLong(Grant::permits).sum();
      assertThat(previous * (W - elapsed) + current * W)
          .as("estimate x W at %d (previous window %d, this one %d so far), of %s", g.at(), previous, current,
              grants)
          .isLessThanOrEqualTo(limit * W);
    }
  }

  /** Runs the requests, checking what holds for both algorithms, and returns the grants in order. */
  private List<Grant> run(RedisAlgorithm algorithm, int limit, String key, List<Request> requests,
      java.util.function.LongSupplier newestPermitTime) {
    RateLimiter limiter = redis.limiter("p", algorithm).keyPrefix("t:").build().forKey(key);
    List<Grant> grants = new ArrayList<>();
    for (Request r : requests) {
      long wait;
      if (r.maxWaitMicros() == 0) {
        wait = limiter.tryAcquire(r.permits()) ? 0 : RateLimiter.REJECTED;
      } else {
        wait = limiter.reserve(r.permits(), TimeUnit.MICROSECONDS.toNanos(r.maxWaitMicros()));
      }
      if (r.permits() > limit) {
        assertThat(wait).as("%d permits, more than the limit %d", r.permits(), limit).isEqualTo(RateLimiter.REJECTED);
      }
      if (wait != RateLimiter.REJECTED) {
        grants.add(new Grant(r.permits(), newestPermitTime.getAsLong(), wait / 1000, r.maxWaitMicros()));
      }
    }
    for (int i = 0; i < grants.size(); i++) {
      Grant g = grants.get(i);
      assertThat(g.waitMicros()).as("grant %s waits at most what it allowed", g).isLessThanOrEqualTo(g.maxWaitMicros());
      if (i > 0) {
        assertThat(g.at()).as("bookings in time order: %s", grants).isGreaterThanOrEqualTo(grants.get(i - 1).at());
      }
    }
    return grants;
  }

  private static String stateKey(String key) {
    return "t:{p:" + key + "}";
  }

  private static long newestLogged(String key) {
    List<ScoredValue<String>> newest = redis.connection.sync().zrangeWithScores(stateKey(key) + ":log", -1, -1);
    return (long) newest.get(0).getScore();
  }
}
