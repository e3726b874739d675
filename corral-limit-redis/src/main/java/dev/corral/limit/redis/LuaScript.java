package dev.corral.limit.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The Lua scripts that make each decision atomically inside Redis, read once from the classpath, with their
 * SHA-1 digest for EVALSHA. Each decision script replies {@code {allowed, remaining, retry_after_us,
 * reset_after_us, delay_us}} (see {@link ScriptReply}). Immutable.
 */
enum LuaScript {
  GCRA("gcra.lua"),
  LIMIT_REQ("limit_req.lua"),
  TOKEN_BUCKET("token_bucket.lua"),
  WARMING_TOKEN_BUCKET("warming_token_bucket.lua"),
  FIXED_WINDOW("fixed_window.lua"),
  SLIDING_WINDOW("sliding_window.lua"),
  SLIDING_LOG("sliding_log.lua"),
  CONCURRENCY_ACQUIRE("concurrency_acquire.lua"),
  CONCURRENCY_RELEASE("concurrency_release.lua"),
  CONCURRENCY_RENEW("concurrency_renew.lua");

  private final String source;
  private final String sha1;

  LuaScript(String resource) {
    this.source = read(resource);
    this.sha1 = sha1(source);
  }

  /** The script's Lua source (what EVAL and SCRIPT LOAD send). */
  String source() {
    return source;
  }

  /** The lower-case hex SHA-1 of {@link #source()} (what EVALSHA sends). */
  String sha1() {
    return sha1;
  }

  private static String read(String resource) {
    try (InputStream in = LuaScript.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing classpath resource dev/corral/limit/redis/" + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read dev/corral/limit/redis/" + resource, e);
    }
  }

  private static String sha1(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required of every JDK", e);
    }
  }
}
