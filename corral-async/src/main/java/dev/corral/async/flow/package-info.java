/**
 * async.js (v3) for {@link java.util.concurrent.CompletableFuture} and virtual threads.
 *
 * <p>{@link dev.corral.async.flow.Async} is the entry point: control flow ({@code series}, {@code parallel},
 * {@code waterfall}, {@code auto}, {@link dev.corral.async.flow.AutoInject autoInject}, {@code tryEach},
 * {@link dev.corral.async.flow.Seq seq/compose}, {@code retry}, {@code timeout}, {@code race}, loops), utilities
 * ({@link dev.corral.async.flow.Memoized memoize}, {@code reflect}, {@code constant}), collection functions
 * ({@code map}, {@code filter}, {@code detect}... each with its {@code Limit} and {@code Series} form) and queues
 * ({@link dev.corral.async.flow.TaskQueue}, {@link dev.corral.async.flow.PriorityTaskQueue},
 * {@link dev.corral.async.flow.Cargo}). Work is a {@link dev.corral.async.flow.Task}; blocking code becomes one with
 * {@link dev.corral.async.flow.Task#blocking(java.util.concurrent.Callable)}.
 *
 * <p>Unlike async.js, a failure (or a cancel of the returned future) cancels the tasks still running and never
 * starts the others. The settled forms ({@code Async.settled}, {@code Async.reflect}) collect every
 * {@link dev.corral.async.flow.Outcome} instead.
 *
 * <p>Inside: {@code Batch} runs indexed jobs under a limit (every fail-fast parallel function), {@code Chain} runs
 * steps one after another (waterfall, reduce, loops), {@code SerialLoop} gives queues and {@code auto} the
 * one-thing-at-a-time semantics of an event loop without a thread of their own.
 */
package dev.corral.async.flow;
