package dev.corral.limit.redis.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Optional;
import org.opentest4j.TestAbortedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisServerExtension.class)
class RedisServerExtensionTest {

  @Test
  void serverAnswersPingOnLoopbackPort(RedisServer redis) throws IOException {
    assertThat(redis.port()).isPositive();
    assertThat(redis.command("PING")).isEqualTo("+PONG");
  }

  @Test
  void serverRunsWithoutPersistence(RedisServer redis) throws IOException {
    assertThat(redis.command("CONFIG", "GET", "appendonly")).isNotNull();
    assertThat(redis.command("SET", "k", "v")).isEqualTo("+OK");
    assertThat(redis.command("GET", "k")).isEqualTo("v");
  }

  @Test
  void killedServerRefusesConnectionsAndRestartsEmptyOnSamePort(RedisServer redis) throws Exception {
    int port = redis.port();
    redis.command("SET", "k", "v");
    redis.kill();
    assertThat(redis.isRunning()).isFalse();
    assertThatThrownBy(() -> redis.command("PING")).isInstanceOf(IOException.class);
    redis.restart();
    assertThat(redis.port()).isEqualTo(port);
    assertThat(redis.command("PING")).isEqualTo("+PONG");
    assertThat(redis.command("GET", "k")).isEmpty();
  }

  @Test
  void missingBinarySkipsOnADeveloperMachine() {
    assertThatThrownBy(() -> RedisServerExtension.requireBinary(Optional.empty(), false))
        .isInstanceOf(TestAbortedException.class).hasMessageContaining("apt-get install redis-server");
  }

  @Test
  void missingBinaryFailsUnderCi() {
    assertThatThrownBy(() -> RedisServerExtension.requireBinary(Optional.empty(), true))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("CI=true");
  }

  @Test
  void commandStatsCountCalls(RedisServer redis) throws IOException {
    redis.command("SET", "a", "1");
    redis.command("SET", "b", "2");
    assertThat(redis.commandCalls("set")).isEqualTo(2);
  }
}
