/**
 * corral-limit's rate and concurrency limiters with their state in Redis, for limits shared by many machines.
 *
 * <ul>
 *   <li>{@link dev.corral.limit.redis.RedisRateLimiter}: a {@code KeyedRateLimiter<String>} running one of the
 *       {@link dev.corral.limit.redis.RedisAlgorithm}s (nginx limit_req, GCRA, token bucket, fixed window, sliding
 *       window counter and log) as one Lua script per decision: one EVALSHA, one round trip.</li>
 *   <li>{@link dev.corral.limit.redis.RedisConcurrencyLimiter}: a {@code KeyedConcurrencyLimiter<String>} of leased
 *       in-flight permits (nginx limit_conn across machines).</li>
 *   <li>{@link dev.corral.limit.redis.FailurePolicy}: what both answer when Redis is slow or down.</li>
 * </ul>
 *
 * Scripts read Redis server time, keys carry a Redis Cluster hash tag, and every key has a TTL.
 */
package dev.corral.limit.redis;
