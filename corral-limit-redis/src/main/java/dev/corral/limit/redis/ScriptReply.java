package dev.corral.limit.redis;

import java.util.List;

/**
 * What a decision script replied, in microseconds of Redis time.
 *
 * @param allowed whether the permits were taken
 * @param remaining permits still available right after this decision (never negative)
 * @param retryAfterMicros for a rejection, how long until the same request could pass; {@code -1} if it never can
 *     (more permits than the limit) or the script cannot know (concurrency); 0 when allowed
 * @param resetAfterMicros how long until the limit is back to its full, idle state
 * @param delayMicros for an allowed limit_req decision, how long to delay the request (0 otherwise)
 */
record ScriptReply(boolean allowed, long remaining, long retryAfterMicros, long resetAfterMicros, long delayMicros) {

  /** Parses the 5-integer array every decision script returns. */
  static ScriptReply parse(List<?> reply) {
    if (reply == null || reply.size() != 5) {
      throw new IllegalStateException("limiter script reply: " + reply + " (expected: 5 integers)");
    }
    return new ScriptReply(asLong(reply, 0) == 1, Math.max(0, asLong(reply, 1)), asLong(reply, 2),
        Math.max(0, asLong(reply, 3)), Math.max(0, asLong(reply, 4)));
  }

  private static long asLong(List<?> reply, int i) {
    if (reply.get(i) instanceof Long value) {
      return value;
    }
    throw new IllegalStateException("limiter script reply: " + reply + " (expected: integer at index " + i + ")");
  }
}
