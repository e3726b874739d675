package dev.corral.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.spring.autoconfigure.CorralAutoConfiguration;
import dev.corral.spring.limit.CorralLimiters;
import dev.corral.spring.limit.NamedLimiter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
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
            "corral.limit.api.backend: \"memcached://x\": expected local or a Redis URI redis://HOST:PORT"));
  }

  @Test
  void unreachableRedisFailsStartUpNamingTheBackend() {
    app("corral.limit.api.spec=rate=1r/s", "corral.limit.api.backend=redis://127.0.0.1:1").run(context ->
        assertThat(context.getStartupFailure()).rootCause()
            .hasMessageStartingWith("corral.limit.api.backend: \"redis://127.0.0.1:1\": cannot connect to Redis ("));
  }
}
