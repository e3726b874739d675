/**
 * Concurrency control inside application code.
 *
 * <ul>
 *   <li>{@link dev.corral.async.Bagpipe}: at most N tasks in flight, the rest in a queue (FIFO, LIFO or by
 *       priority), an optional bounded backlog that refuses at once, per-task timeouts that free the slot and
 *       cancel the task, and listeners ({@code full}, {@code saturated}, {@code unsaturated}, {@code empty},
 *       {@code drain}, {@code error}).
 *   <li>{@code dev.corral.async.flow}: async.js control flow (series, parallel, parallelLimit, waterfall, queue…)
 *       for {@link java.util.concurrent.CompletableFuture} and virtual threads.
 * </ul>
 *
 * <p>The module has no dependencies. Time-based behaviour goes through an injected {@link dev.corral.async.Scheduler}
 * so tests can drive it with a manual clock.
 */
package dev.corral.async;
