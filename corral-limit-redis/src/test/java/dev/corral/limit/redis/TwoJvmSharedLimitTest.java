package dev.corral.limit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.limit.redis.testing.RedisServer;
import dev.corral.limit.redis.testing.RedisServerExtension;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two separate JVMs (child processes on this test's classpath, running {@link SharedLimitChild}) share one Redis
 * limit and ask at the same moment from several threads each: together they never admit more than the limit, and
 * since they ask far more often than it allows, they admit exactly the limit. The limits refill per hour or day, so
 * during the test each is a fixed number of permits.
 */
@ExtendWith(RedisServerExtension.class)
class TwoJvmSharedLimitTest {

  private static final int LIMIT = 40;
  private final List<Process> children = new ArrayList<>();
  /** The children's stderr (Lettuce's log lines; a stack trace if one fails), shown when an assertion fails. */
  private Path errors;

  @org.junit.jupiter.api.BeforeEach
  void errorLog() throws IOException {
    errors = Files.createTempFile("corral-two-jvms-", ".err");
  }

  @AfterEach
  void killChildren() throws InterruptedException, IOException {
    for (Process child : children) {
      child.destroyForcibly();
      child.waitFor(10, TimeUnit.SECONDS);
    }
    Files.deleteIfExists(errors);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "algorithm=gcra rate=1r/h burst=39",
      "rate=1r/m burst=39 nodelay",
      "algorithm=token_bucket rate=40r/d capacity=40",
      "algorithm=fixed_window rate=40r/d",
      "algorithm=sliding_window rate=40r/d",
      "algorithm=sliding_log rate=40r/h"})
  void twoJvmsTogetherNeverOverAdmit(String spec, RedisServer redis) throws Exception {
    Path go = Files.createTempFile("corral-two-jvms-", ".go");
    Files.delete(go);
    try {
      String name = "jvms-" + Integer.toHexString(spec.hashCode());
      Process a = start(redis, name, spec, go);
      Process b = start(redis, name, spec, go);
      BufferedReader outA = reader(a);
      BufferedReader outB = reader(b);
      assertThat(outA.readLine()).as("child A; stderr:%n%s", Files.readString(errors)).isEqualTo("ready");
      assertThat(outB.readLine()).as("child B; stderr:%n%s", Files.readString(errors)).isEqualTo("ready");

      Files.createFile(go);

      long admittedA = admitted(a, outA);
      long admittedB = admitted(b, outB);
      assertThat(admittedA + admittedB).isEqualTo(LIMIT);
    } finally {
      Files.deleteIfExists(go);
    }
  }

  private Process start(RedisServer redis, String name, String spec, Path go) throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
        SharedLimitChild.class.getName(), redis.uri(), name, spec, "4", "50", go.toString())
        .redirectError(ProcessBuilder.Redirect.appendTo(errors.toFile()))
        .start();
    children.add(child);
    return child;
  }

  private static BufferedReader reader(Process child) {
    return new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
  }

  private long admitted(Process child, BufferedReader out) throws Exception {
    String line = out.readLine();
    assertThat(child.waitFor(120, TimeUnit.SECONDS)).as("child exited").isTrue();
    assertThat(child.exitValue()).as("child exit status; its stderr:%n%s", Files.readString(errors)).isZero();
    assertThat(line).startsWith("admitted ");
    return Long.parseLong(line.substring("admitted ".length()));
  }
}
