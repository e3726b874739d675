package dev.corral.limit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.corral.limit.Permit;
import dev.corral.limit.redis.RedisAlgorithm.Bandwidth;
import dev.corral.limit.redis.testing.RedisCluster;
import dev.corral.limit.redis.testing.RedisServer;
import dev.corral.limit.redis.testing.RedisServerExtension;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The limiters on a Redis Cluster of three masters (started by {@link RedisCluster} on loopback ports) through
 * Lettuce's cluster client. Keys of different limit keys hash to different slots and so live on different nodes;
 * cluster mode refuses a script whose keys are in different slots (CROSSSLOT), so this also checks that the keys of
 * one decision share a slot (the hash tag). Without redis-cli the tests are skipped, and fail under {@code CI=true}.
 */
class RedisClusterTest {

  private static RedisCluster cluster;
  private static RedisClusterClient client;
  private static StatefulRedisClusterConnection<String, String> connection;

  @BeforeAll
  static void startCluster() throws Exception {
    boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
    Path server = RedisServerExtension.requireBinary(RedisServer.findBinary(), ci);
    Path cli = RedisCluster.requireCli(RedisCluster.findCli(server), ci);
    cluster = RedisCluster.start(server, cli, 3);
    client = RedisClusterClient.create(cluster.uri());
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
    if (cluster != null) {
      cluster.close();
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

  private static RedisRateLimiter limiter(String name, RedisAlgorithm algorithm) {
    return RedisRateLimiter.builder(connection.async()).name(name).algorithm(algorithm)
        .timeout(Duration.ofSeconds(5)).failurePolicy(FailurePolicy.failClosed()).build();
  }

  /**
   * 20 limit keys: their slots spread them over the 3 masters (redis-cli gives each a third of the slots);
   * {@link #eachAlgorithmDecidesForKeysOnEveryNode} checks that every node ends up holding some.
   */
  private static List<String> manyKeys() {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      keys.add("user-" + i);
    }
    return keys;
  }

  @ParameterizedTest
  @MethodSource("algorithms")
  void eachAlgorithmDecidesForKeysOnEveryNode(RedisAlgorithm algorithm) throws Exception {
    String name = "cluster-" + Integer.toHexString(algorithm.hashCode());
    RedisRateLimiter limiter = limiter(name, algorithm);

    for (String key : manyKeys()) {
      assertThat(limiter.tryAcquire(key, 1)).as(key).isTrue();
      assertThat(limiter.tryAcquire(key, 1)).as(key).isTrue();
      assertThat(limiter.tryAcquire(key, 1)).as(key).isFalse();
    }
    assertThat(limiter.redisAvailable()).isTrue(); // not a CROSSSLOT or MOVED error answered by the policy
    for (RedisServer node : cluster.nodes()) {
      assertThat(node.command("DBSIZE")).as("keys on node %d", node.port()).isNotEqualTo(":0");
    }
  }

  @Test
  void theKeysOfOneDecisionShareASlotAndDifferentLimitKeysDoNot() throws Exception {
    RedisServer node = cluster.nodes().get(0);
    Set<String> slots = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      slots.add(node.command("CLUSTER", "KEYSLOT", "corral:limit:{api:user-" + i + "}"));
    }
    assertThat(slots).hasSizeGreaterThan(1);
    assertThat(node.command("CLUSTER", "KEYSLOT", "corral:limit:{api:user-1}:log"))
        .isEqualTo(node.command("CLUSTER", "KEYSLOT", "corral:limit:{api:user-1}:seq"))
        .isEqualTo(node.command("CLUSTER", "KEYSLOT", "corral:limit:{api:user-1}"));
  }

  @Test
  void concurrencyLimiterAcquiresAndReleasesOnEveryNode() throws Exception {
    RedisConcurrencyLimiter limiter = RedisConcurrencyLimiter.builder(connection.async()).name("cluster-conn")
        .limit(1).timeout(Duration.ofSeconds(5)).failurePolicy(FailurePolicy.failClosed()).build();
    for (String key : manyKeys()) {
      Permit permit = limiter.tryAcquire(key);
      assertThat(permit).as(key).isNotNull();
      assertThat(limiter.tryAcquire(key)).as(key).isNull();
      permit.close();
      await().atMost(Duration.ofSeconds(30)).until(() -> limiter.inFlight(key) == 0);
    }
    assertThat(limiter.redisAvailable()).isTrue();
  }

  @Test
  void leasesOfPermitsOnDifferentNodesAreRenewed() throws Exception {
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    Duration lease = Duration.ofSeconds(2);
    try (RedisConcurrencyLimiter holder = RedisConcurrencyLimiter.builder(connection.async()).name("cluster-renew")
        .limit(1).lease(lease).renewWith(scheduler).renewEvery(Duration.ofMillis(100))
        .timeout(Duration.ofSeconds(5)).failurePolicy(FailurePolicy.failClosed()).build()) {
      List<String> keys = manyKeys();
      for (String key : keys) {
        assertThat(holder.tryAcquire(key)).as(key).isNotNull();
      }

      Thread.sleep(lease.multipliedBy(2).toMillis());

      for (String key : keys) {
        assertThat(holder.inFlight(key)).as(key).isEqualTo(1);
      }
      assertThat(holder.redisAvailable()).isTrue();
    } finally {
      scheduler.shutdownNow();
    }
  }
}
