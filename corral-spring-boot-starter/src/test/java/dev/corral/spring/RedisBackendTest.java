package dev.corral.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.limit.KeyedRateLimiter;
import dev.corral.limit.RateLimiter;
import dev.corral.spring.autoconfigure.CorralAutoConfiguration;
import dev.corral.spring.limit.CorralLimiters;
import dev.corral.spring.limit.NamedLimiter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** corral.limit.NAME.backend: redis://… against a real redis-server: one limit shared by two applications. */
class RedisBackendTest {

  private static RedisProcess redis;

  @BeforeAll
  static void startRedis() throws Exception {
    redis = RedisProcess.start();
  }

  @AfterAll
  static void stopRedis() throws Exception {
    if (redis != null) {
      redis.close();
    }
  }

  private ApplicationContextRunner app(String... properties) {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(CorralAutoConfiguration.class))
        .withPropertyValues(properties);
  }

  @Test
  void twoApplicationsShareOneLimitAndTogetherNeverOverAdmit() {
    String[] props = {"corral.limit.shared.spec=rate=1r/m burst=3 nodelay", "corral.limit.shared.backend=" + redis.uri()};
    List<Boolean> admitted = new ArrayList<>();
    app(props).run(first -> app(props).run(second -> {
      NamedLimiter a = first.getBean(CorralLimiters.class).get("shared");
      NamedLimiter b = second.getBean(CorralLimiters.class).get("shared");
      for (int i = 0; i < 4; i++) {
        admitted.add(a.limiter().tryAcquire());
        admitted.add(b.limiter().tryAcquire());
      }
      assertThat(a.backend()).isEqualTo(redis.uri());
    }));
    // burst 3 + 1 in all, whichever application asks
    assertThat(admitted.stream().filter(x -> x).count()).isEqualTo(4);
    assertThat(admitted.subList(4, 8)).containsOnly(false);
  }

  @Test
  void keyedRedisLimiterKeepsOneLimitPerKey() {
    app("corral.limit.users.spec=rate=1r/m", "corral.limit.users.keyed=true",
        "corral.limit.users.backend=" + redis.uri()).run(context -> {
      NamedLimiter users = context.getBean(CorralLimiters.class).get("users");
      assertThat(users.decide("alice", 1).allowed()).isTrue();
      assertThat(users.decide("alice", 1).rejected()).isTrue();
      assertThat(users.decide("bob", 1).allowed()).isTrue();
      assertThat(users.granted()).isEqualTo(2);
      assertThat(users.rejected()).isEqualTo(1);
    });
  }

  @Test
  void backendThatIsNotARedisUriIsRefused() {
    app("corral.limit.api.spec=rate=1r/s", "corral.limit.api.backend=memcached://x").run(context ->
        assertThat(context.getStartupFailure()).rootCause().hasMessage(
            "corral.limit.api.backend: \"memcached://x\": expected local, redis (the application's Spring Data Redis) or a Redis URI redis://HOST:PORT"));
  }

  @Test
  void unreachableRedisFailsStartUpNamingTheBackend() {
    app("corral.limit.api.spec=rate=1r/s", "corral.limit.api.backend=redis://127.0.0.1:1").run(context ->
        assertThat(context.getStartupFailure()).rootCause()
            .hasMessageStartingWith("corral.limit.api.backend: \"redis://127.0.0.1:1\": cannot connect to Redis ("));
  }

  private ApplicationContextRunner appWithSpringDataRedis(String... properties) {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, CorralAutoConfiguration.class))
        .withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port(),
            "spring.data.redis.client-name=the-app")
        .withPropertyValues(properties);
  }

  @Test
  void backendRedisConnectsThroughTheApplicationsSpringDataRedisClient() {
    appWithSpringDataRedis("corral.limit.own.spec=rate=1r/m burst=1 nodelay", "corral.limit.own.backend=redis")
        .run(context -> {
          NamedLimiter own = context.getBean(CorralLimiters.class).get("own");
          assertThat(own.limiter().tryAcquire()).isTrue();
          assertThat(own.limiter().tryAcquire()).isTrue();
          assertThat(own.limiter().tryAcquire()).isFalse();
          assertThat(own.backend()).isEqualTo("redis");
          // the application's client names its connections (spring.data.redis.client-name); nothing else of the
          // application has connected yet, so this one is corral's
          assertThat(redis.clientList()).contains("name=the-app");
        });
  }

  @Test
  void backendRedisAndTheSameRedisByUriShareOneLimit() {
    String spec = "corral.limit.shared2.spec=rate=1r/m burst=2 nodelay";
    List<Boolean> admitted = new ArrayList<>();
    appWithSpringDataRedis(spec, "corral.limit.shared2.backend=redis").run(first ->
        app(spec, "corral.limit.shared2.backend=" + redis.uri()).run(second -> {
          for (int i = 0; i < 3; i++) {
            admitted.add(first.getBean(CorralLimiters.class).limiter("shared2").tryAcquire());
            admitted.add(second.getBean(CorralLimiters.class).limiter("shared2").tryAcquire());
          }
        }));
    assertThat(admitted.stream().filter(x -> x).count()).isEqualTo(3);
  }

  @Test
  void backendRedisWithoutSpringDataRedisFailsStartUpNamingTheProperty() {
    app("corral.limit.api.spec=rate=1r/s", "corral.limit.api.backend=redis").run(context ->
        assertThat(context.getStartupFailure()).rootCause().hasMessageStartingWith(
            "corral.limit.api.backend: \"redis\": expected a Spring Data Redis connection factory in the application"));
  }

  @Test
  void onBackendFailureDenyRefusesWhileRedisIsDown() throws Exception {
    try (RedisProcess down = RedisProcess.start()) {
      app("corral.limit.api.spec=rate=1r/m burst=5 nodelay", "corral.limit.api.backend=" + down.uri(),
          "corral.limit.api.on-backend-failure=deny").run(context -> {
            RateLimiter api = context.getBean(CorralLimiters.class).limiter("api");
            assertThat(api.tryAcquire()).isTrue();
            down.close();
            assertThat(api.tryAcquire()).isFalse();
            assertThat(api.tryAcquire()).isFalse();
          });
    }
  }

  @Test
  void onBackendFailureAllowAdmitsWhileRedisIsDown() throws Exception {
    try (RedisProcess down = RedisProcess.start()) {
      app("corral.limit.api.spec=rate=1r/m burst=1 nodelay", "corral.limit.api.backend=" + down.uri(),
          "corral.limit.api.on-backend-failure=allow").run(context -> {
            RateLimiter api = context.getBean(CorralLimiters.class).limiter("api");
            assertThat(api.tryAcquire()).isTrue();
            down.close();
            for (int i = 0; i < 5; i++) {
              assertThat(api.tryAcquire()).isTrue();
            }
          });
    }
  }

  @Test
  void onBackendFailureLocalDecidesWithALocalLimiterOfTheSameSpec() throws Exception {
    try (RedisProcess down = RedisProcess.start()) {
      app("corral.limit.users.spec=rate=1r/m burst=1 nodelay", "corral.limit.users.keyed=true",
          "corral.limit.users.backend=" + down.uri(), "corral.limit.users.on-backend-failure=local").run(context -> {
            KeyedRateLimiter<String> users = context.getBean(CorralLimiters.class).keyed("users");
            assertThat(users.tryAcquire("alice")).isTrue();
            down.close();
            // burst 1 + 1 per key, counted locally from the outage on
            assertThat(users.tryAcquire("alice")).isTrue();
            assertThat(users.tryAcquire("alice")).isTrue();
            assertThat(users.tryAcquire("alice")).isFalse();
            assertThat(users.tryAcquire("bob")).isTrue();
          });
    }
  }

  @Test
  void onBackendFailureOtherThanAllowDenyLocalIsRefused() {
    app("corral.limit.api.spec=rate=1r/s", "corral.limit.api.backend=" + redis.uri(),
        "corral.limit.api.on-backend-failure=retry").run(context ->
        assertThat(context.getStartupFailure()).rootCause().hasMessage(
            "corral.limit.api.on-backend-failure: \"retry\": expected allow, deny or local"));
  }

  @Test
  void onBackendFailureOnALocalLimiterIsRefused() {
    app("corral.limit.api.spec=rate=1r/s", "corral.limit.api.on-backend-failure=deny").run(context ->
        assertThat(context.getStartupFailure()).rootCause().hasMessageStartingWith(
            "corral.limit.api.on-backend-failure: \"deny\": applies only to a Redis backend"));
  }
}
