/**
 * Optional Micrometer meters for Corral's libraries, kept apart so that {@code corral-limit} and
 * {@code corral-async} depend on nothing. Limiters are counted through a view that wraps them
 * ({@link dev.corral.metrics.CountedRateLimiter}, {@link dev.corral.metrics.CountedKeyedRateLimiter},
 * {@link dev.corral.metrics.CountedConcurrencyLimiter}); a Bagpipe's counters are read from the pipe
 * ({@link dev.corral.metrics.BagpipeMeters}) and its queue wait is timed by a listener
 * ({@link dev.corral.metrics.BagpipeWaitTimer}). Every meter is named {@code corral.limit.*} or
 * {@code corral.bagpipe.*}; in Prometheus, {@code corral_limit_…} and {@code corral_bagpipe_…}.
 */
package dev.corral.metrics;
