package dev.corral.limit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.corral.limit.Permit;
import dev.corral.limit.redis.testing.RedisServer;
import dev.corral.limit.redis.testing.RedisServerExtension;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Lease renewal of {@link RedisConcurrencyLimiter} permits against a real redis-server. */
@ExtendWith(RedisServerExtension.class)
class RedisLeaseRenewalTest {

  private static final Duration LEASE = Duration.ofSeconds(2);
  /** Renewing 20 times per lease: a round may be very late on a loaded machine before a lease is lost. */
  private static final Duration EVERY = Duration.ofMillis(100);

  private RedisFixture redis;
  private ScheduledExecutorService scheduler;

  @BeforeEach
  void connect(RedisServer server) {
    redis = new RedisFixture(server);
    scheduler = Executors.newSingleThreadScheduledExecutor();
  }

  @AfterEach
  void close() {
    scheduler.shutdownNow();
    redis.close();
  }

  private RedisConcurrencyLimiter renewing(int limit) {
    return redis.concurrency("renew", limit).lease(LEASE).renewWith(scheduler).renewEvery(EVERY)
        .failurePolicy(FailurePolicy.failClosed()).build();
  }

  private RedisConcurrencyLimiter other(int limit) {
    return redis.concurrency("renew", limit).lease(LEASE).failurePolicy(FailurePolicy.failClosed()).build();
  }

  @Test
  void aRenewedPermitStaysHeldLongAfterItsLease() throws InterruptedException {
    RedisConcurrencyLimiter holder = renewing(1);
    Permit permit = holder.tryAcquire("job");
    assertThat(permit).isNotNull();

    Thread.sleep(LEASE.multipliedBy(3).toMillis()); // three leases of Redis time

    RedisConcurrencyLimiter elsewhere = other(1);
    assertThat(elsewhere.inFlight("job")).isEqualTo(1);
    assertThat(elsewhere.tryAcquire("job")).isNull();
    permit.close();
    await().atMost(Duration.ofSeconds(30)).until(() -> elsewhere.inFlight("job") == 0);
  }

  @Test
  void aPermitWhoseHolderStopsRenewingIsGivenBackAfterTheLease() throws InterruptedException {
    RedisConcurrencyLimiter holder = renewing(1);
    assertThat(holder.tryAcquire("job")).isNotNull(); // never released: the holder "dies" below
    Thread.sleep(LEASE.multipliedBy(2).toMillis());
    RedisConcurrencyLimiter elsewhere = other(1);
    assertThat(elsewhere.tryAcquire("job")).isNull();

    holder.close();

    assertThat(holder.renewing()).isFalse();
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
        .until(() -> elsewhere.tryAcquire("job") != null);
  }

  @Test
  void oneRenewalScriptRenewsEveryHeldPermitOfTheLimiter(RedisServer server) throws Exception {
    RedisConcurrencyLimiter holder = renewing(5);
    for (String key : new String[] {"a", "a", "b", "c", "c"}) {
      assertThat(holder.tryAcquire(key)).isNotNull();
    }
    server.command("CONFIG", "RESETSTAT");

    await().atMost(Duration.ofSeconds(30)).until(() -> server.commandCalls("evalsha") >= 3);

    Map<String, Long> stats = server.commandStats(); // one consistent snapshot: Redis runs a script atomically
    assertThat(stats.get("evalsha")).isPositive();
    assertThat(stats.get("zadd")).isEqualTo(5 * stats.get("evalsha")); // each round: 1 script, 5 leases renewed
  }

  @Test
  void aReleasedPermitIsNotRenewed() throws InterruptedException {
    RedisConcurrencyLimiter holder = renewing(1);
    Permit permit = holder.tryAcquire("job");
    permit.close();
    RedisConcurrencyLimiter elsewhere = other(1);
    await().atMost(Duration.ofSeconds(30)).until(() -> elsewhere.inFlight("job") == 0);

    Thread.sleep(EVERY.multipliedBy(5).toMillis()); // renewal rounds run, and must not bring it back

    assertThat(elsewhere.inFlight("job")).isZero();
  }

  @Test
  void renewingAsOftenAsTheLeaseIsRefused() {
    assertThatThrownBy(() -> redis.concurrency("renew", 1).lease(LEASE).renewWith(scheduler).renewEvery(LEASE)
        .build()).isInstanceOf(IllegalStateException.class)
        .hasMessage("renewEvery: PT2S (expected: shorter than the lease PT2S)");
  }

  @Test
  void withoutASchedulerNothingIsRenewed() {
    RedisConcurrencyLimiter limiter = redis.concurrency("renew", 1).lease(LEASE).build();
    assertThat(limiter.renewing()).isFalse();
  }
}
