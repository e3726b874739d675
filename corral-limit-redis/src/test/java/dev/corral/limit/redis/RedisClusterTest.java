package dev.corral.limit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.corral.limit.Permit;
import dev.corral.limit.redis.RedisAlgorithm.Bandwidth;
import dev.corral.limit.redis.testing.RedisServer;
import dev.corral.limit.redis.testing.RedisServerExtension;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The limiters on a Redis Cluster (one node owning all 16384 slots) through a Lettuce cluster connection. Cluster
 * mode refuses a script whose keys are in different slots (CROSSSLOT), so this checks the hash-tagged key names.
 */
class RedisClusterTest {

  private static RedisServer node;
  private static RedisClusterClient client;
  private static StatefulRedisClusterConnection<String, String> connection;

  @BeforeAll
  static void startCluster() throws Exception {
    node = RedisServer.start(RedisServerExtension.requireBinary(RedisServer.findBinary(),
        "true".equalsIgnoreCase(System.getenv("CI"))), List.of("--cluster-enabled", "yes"));
    node.command("CLUSTER", "ADDSLOTSRANGE", "0", "16383");
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
        .until(() -> node.command("CLUSTER", "INFO").contains("cluster_state:ok"));
    client = RedisClusterClient.create(node.uri());
    connection = client.connect();
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (connection != null) {
      connection.close();
    }
    if (client != null) {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
    if (node != null) {
      node.close();
    }
  }

  static Stream<RedisAlgorithm> algorithms() {
    return Stream.of(
        RedisAlgorithm.gcra(1, Duration.ofHours(1), 1),
        RedisAlgorithm.parse("rate=1r/m burst=1 nodelay"),
        RedisAlgorithm.tokenBucket(Bandwidth.greedy(2, 1, Duration.ofHours(1))),
        RedisAlgorithm.fixedWindow(2, Duration.ofDays(1)),
        RedisAlgorithm.slidingWindow(2, Duration.ofDays(1)),
        RedisAlgorithm.slidingLog(2, Duration.ofHours(1)));
  }

  @ParameterizedTest
  @MethodSource("algorithms")
  void eachAlgorithmDecidesOnACluster(RedisAlgorithm algorithm) {
    RedisRateLimiter limiter = RedisRateLimiter.builder(connection.async()).name("cluster-" + algorithm.hashCode())
        .algorithm(algorithm).timeout(Duration.ofSeconds(5)).failurePolicy(FailurePolicy.failClosed()).build();

    assertThat(limiter.tryAcquire("user-1", 1)).isTrue();
    assertThat(limiter.tryAcquire("user-1", 1)).isTrue();
    assertThat(limiter.tryAcquire("user-1", 1)).isFalse();
    assertThat(limiter.redisAvailable()).isTrue(); // not a CROSSSLOT error answered by the policy
  }

  @Test
  void concurrencyLimiterAcquiresAndReleasesOnACluster() {
    RedisConcurrencyLimiter limiter = RedisConcurrencyLimiter.builder(connection.async()).name("cluster-conn")
        .limit(1).timeout(Duration.ofSeconds(5)).failurePolicy(FailurePolicy.failClosed()).build();
    Permit permit = limiter.tryAcquire("ip");
    assertThat(permit).isNotNull();
    assertThat(limiter.tryAcquire("ip")).isNull();
    permit.close();
    await().atMost(Duration.ofSeconds(30)).until(() -> limiter.tryAcquire("ip") != null);
  }

  @Test
  void differentKeysOfOneLimitSpreadOverSlots() throws Exception {
    String a = node.command("CLUSTER", "KEYSLOT", "corral:limit:{api:user-1}");
    String b = node.command("CLUSTER", "KEYSLOT", "corral:limit:{api:user-2}");
    assertThat(a).isNotEqualTo(b);
    assertThat(node.command("CLUSTER", "KEYSLOT", "corral:limit:{api:user-1}:log"))
        .isEqualTo(node.command("CLUSTER", "KEYSLOT", "corral:limit:{api:user-1}:seq")).isEqualTo(a);
  }
}
