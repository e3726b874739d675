package dev.corral.limit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.limit.redis.testing.RedisServer;
import dev.corral.limit.redis.testing.RedisServerExtension;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisServerExtension.class)
class ScriptRunnerTest {

  private static final String[] KEYS = {"corral:{t}"};
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final CommandCounter commands = new CommandCounter();
  private RedisClient client;
  private StatefulRedisConnection<String, String> connection;
  private ScriptRunner runner;

  @BeforeEach
  void connect(RedisServer redis) {
    client = RedisClient.create(redis.uri());
    client.addListener(commands);
    connection = client.connect();
    runner = new ScriptRunner(connection.async());
  }

  @AfterEach
  void close() {
    connection.close();
    client.shutdown(java.time.Duration.ZERO, java.time.Duration.ofSeconds(2));
  }

  @Test
  void unknownScriptFallsBackToOneEvalThenUsesEvalsha(RedisServer redis) throws Exception {
    commands.reset();
    decide();
    List<String> sent = commands.sent();
    assertThat(sent.getFirst()).isEqualTo("EVALSHA");
    assertThat(sent.getLast()).isEqualTo("EVAL");
    assertThat(sent).hasSize(2 + LuaScript.values().length - 1);
    assertThat(redis.commandCalls("evalsha")).isEqualTo(1);
    assertThat(redis.commandCalls("eval")).isEqualTo(1);

    decide();
    decide();
    assertThat(redis.commandCalls("evalsha")).isEqualTo(3);
    assertThat(redis.commandCalls("eval")).isEqualTo(1);
  }

  @Test
  void noscriptLoadsEveryOtherScriptAheadOfTheEval(RedisServer redis) throws Exception {
    decide();

    for (LuaScript script : LuaScript.values()) {
      assertThat(redis.command("EVALSHA", script.sha1(), "0")).doesNotStartWith("-NOSCRIPT");
    }
  }

  @Test
  void flushedScriptIsReloadedTransparently(RedisServer redis) throws Exception {
    decide();
    redis.command("SCRIPT", "FLUSH");
    redis.command("CONFIG", "RESETSTAT");

    ScriptReply reply = decide();

    assertThat(reply.allowed()).isTrue();
    assertThat(redis.commandCalls("eval")).isEqualTo(1);
    decide();
    assertThat(redis.commandCalls("eval")).isEqualTo(1);
  }

  @Test
  void loadAllMakesTheFirstDecisionASingleEvalsha(RedisServer redis) throws Exception {
    runner.loadAll().toCompletableFuture().get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
    redis.command("CONFIG", "RESETSTAT");

    commands.reset();

    decide();

    assertThat(commands.sent()).containsExactly("EVALSHA");
    assertThat(redis.commandCalls("evalsha")).isEqualTo(1);
    assertThat(redis.commandCalls("eval")).isZero();
  }

  @Test
  void scriptErrorFailsTheStageWithRedisMessage() {
    var stage = runner.decide(LuaScript.GCRA, KEYS, "1", "0", "0", "not-a-number", "1");

    assertThat(stage).failsWithin(WAIT).withThrowableThat().withMessageContaining("ERR");
  }

  private ScriptReply decide() throws Exception {
    return runner.decide(LuaScript.GCRA, KEYS, "1", "0", "0", "1000000", "5").get(10, java.util.concurrent.TimeUnit.SECONDS);
  }
}
