package dev.corral.limit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.corral.limit.redis.testing.RedisServer;
import dev.corral.limit.redis.testing.RedisServerExtension;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A permit held by another JVM ({@link LeaseHolderChild}, a child process): kept past its lease while that JVM lives
 * and renews it, given back one lease after the JVM is killed (SIGKILL: nothing is released, renewal just stops).
 */
@ExtendWith(RedisServerExtension.class)
class RedisLeaseAcrossJvmsTest {

  private static final Duration LEASE = Duration.ofSeconds(2);

  private RedisFixture redis;
  private Process child;
  private Path errors;

  @BeforeEach
  void connect(RedisServer server) throws Exception {
    redis = new RedisFixture(server);
    errors = Files.createTempFile("corral-lease-child-", ".err");
  }

  @AfterEach
  void close() throws Exception {
    if (child != null) {
      child.destroyForcibly();
      child.waitFor(10, TimeUnit.SECONDS);
    }
    redis.close();
    Files.deleteIfExists(errors);
  }

  @Test
  void aPermitOfALiveJvmOutlivesItsLeaseAndComesBackWhenThatJvmIsKilled(RedisServer server) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
        LeaseHolderChild.class.getName(), server.uri(), "jvm-lease", "job", Long.toString(LEASE.toMillis()), "100")
        .redirectError(ProcessBuilder.Redirect.appendTo(errors.toFile()))
        .start();
    BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    assertThat(out.readLine()).as("child; stderr:%n%s", Files.readString(errors)).isEqualTo("held");
    RedisConcurrencyLimiter here = redis.concurrency("jvm-lease", 1).lease(LEASE)
        .failurePolicy(FailurePolicy.failClosed()).build();

    Thread.sleep(LEASE.multipliedBy(3).toMillis()); // three leases of Redis time, the child renewing

    assertThat(here.tryAcquire("job")).isNull();
    assertThat(child.isAlive()).isTrue();

    child.destroyForcibly();
    assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();

    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
        .until(() -> here.tryAcquire("job") != null);
  }
}
