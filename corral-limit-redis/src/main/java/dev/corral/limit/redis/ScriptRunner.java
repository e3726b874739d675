package dev.corral.limit.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Runs a {@link LuaScript} with exactly one round trip in the normal case: EVALSHA by digest. When Redis doesn't
 * know the script (NOSCRIPT: first use, a restart, SCRIPT FLUSH, a failover to a fresh replica) it falls back to
 * one EVAL, which also caches the script so the next EVALSHA succeeds.
 *
 * <p>Thread-safe: Lettuce connections are; many decisions are pipelined on one connection. No timeout here: the
 * caller bounds the returned stage.
 */
final class ScriptRunner {

  private final RedisScriptingAsyncCommands<String, String> commands;

  ScriptRunner(RedisScriptingAsyncCommands<String, String> commands) {
    this.commands = Objects.requireNonNull(commands, "commands");
  }

  /**
   * Runs a decision script; the stage completes with its reply or fails with the Redis/Lettuce error. The caller
   * bounds the wait (a timed {@code get} for the sync forms, {@code orTimeout} for the async ones). If the stage is
   * completed early that way (timeout, cancel), the underlying command is cancelled, so a command still queued in the
   * client (Redis unreachable) is not sent later; a command Redis already received may still take effect there.
   */
  CompletableFuture<ScriptReply> decide(LuaScript script, String[] keys, String... args) {
    CompletableFuture<List<Object>> bySha = commands.<List<Object>>evalsha(script.sha1(), ScriptOutputType.MULTI,
        keys, args).toCompletableFuture();
    CompletableFuture<ScriptReply> reply = bySha.exceptionallyCompose(error -> {
      Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
      if (cause instanceof RedisNoScriptException) {
        reloadOthers(script);
        return commands.<List<Object>>eval(script.source(), ScriptOutputType.MULTI, keys, args).toCompletableFuture();
      }
      return CompletableFuture.failedFuture(cause);
    }).thenApply(ScriptReply::parse);
    reply.whenComplete((value, error) -> {
      if (error != null && !bySha.isDone()) {
        bySha.cancel(false);
      }
    });
    return reply;
  }

  /** Runs a script whose reply is one integer. */
  CompletableFuture<Long> integer(LuaScript script, String[] keys, String... args) {
    return run(script, ScriptOutputType.INTEGER, keys, args);
  }

  /** Runs a script whose reply is a list of strings. */
  CompletableFuture<List<String>> strings(LuaScript script, String[] keys, String... args) {
    return run(script, ScriptOutputType.MULTI, keys, args);
  }

  /** Loads every script into Redis (SCRIPT LOAD) ahead of use; optional, EVALSHA falls back anyway. */
  CompletionStage<Void> loadAll() {
    CompletableFuture<?>[] loads = new CompletableFuture<?>[LuaScript.values().length];
    for (LuaScript script : LuaScript.values()) {
      loads[script.ordinal()] = commands.scriptLoad(script.source()).toCompletableFuture();
    }
    return CompletableFuture.allOf(loads);
  }

  /**
   * Redis lost its scripts (or never had them): load the other scripts too, ahead of the EVAL that loads this one.
   * Commands on a connection run in order, so a release sent after an acquire's reply finds its script loaded,
   * instead of its EVALSHA failing and its EVAL falling behind a later acquire. A failed load needs no handling:
   * the EVALSHA that needs it falls back to EVAL.
   */
  private void reloadOthers(LuaScript loading) {
    for (LuaScript other : LuaScript.values()) {
      if (other != loading) {
        commands.scriptLoad(other.source());
      }
    }
  }

  private <T> CompletableFuture<T> run(LuaScript script, ScriptOutputType type, String[] keys, String[] args) {
    CompletableFuture<T> bySha = commands.<T>evalsha(script.sha1(), type, keys, args).toCompletableFuture();
    return bySha.exceptionallyCompose(error -> {
      Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
      if (cause instanceof RedisNoScriptException) {
        reloadOthers(script);
        return commands.<T>eval(script.source(), type, keys, args).toCompletableFuture();
      }
      return CompletableFuture.failedFuture(cause);
    });
  }
}
