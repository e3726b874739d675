package dev.corral.async.flow;

import static dev.corral.async.flow.CollectionFlow.UNLIMITED;

import dev.corral.async.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * async.js (v3) control flow and collection functions for {@link CompletableFuture} and virtual threads.
 *
 * <p><b>Tasks.</b> Work is a {@link Task} ({@code () -> CompletionStage<T>}) or, for collection functions, an
 * iteratee {@code element -> CompletionStage<R>}. Blocking code becomes either with {@link Task#blocking}, which runs
 * each call on its own virtual thread (or on an {@code Executor} of your choice).
 *
 * <p><b>Semantics shared by every function here</b>
 * <ul>
 *   <li>Results come in input order, whatever the completion order ({@code detect} and {@code race} excepted: the
 *       first to complete wins).
 *   <li><b>Fail fast, and cancel.</b> The first failure completes the returned future exceptionally with that failure
 *       (never wrapped in {@code CompletionException}); tasks still running are cancelled (a blocking task's virtual
 *       thread is interrupted) and tasks not yet started never start. async.js only stops starting new ones.
 *   <li>Cancelling the returned future does the same: running tasks are cancelled, the rest never start.
 *   <li>{@code xxxLimit} runs at most {@code limit} tasks at once, starting them in input order; {@code xxxSeries}
 *       runs one at a time. A {@code limit} below 1 throws {@code IllegalArgumentException}
 *       ({@code "limit: 0 (expected: >= 1)"}), as async.js throws {@code RangeError}.
 *   <li>To collect every outcome instead of failing fast use {@link #settled(List)} or wrap tasks in
 *       {@link #reflect(Task)}.
 *   <li>A task or iteratee that throws instead of returning a stage counts as a failed task; so does one that
 *       returns null.
 * </ul>
 *
 * <p><b>Threading and memory visibility.</b> Every function may be called from any thread. Tasks are started on the
 * calling thread or on the thread that completed an earlier task; they should return promptly (use
 * {@link Task#blocking} for blocking work). Everything a task did before its stage completed happens-before the
 * dependent actions of the returned future (as with {@code CompletableFuture} itself), and the start of task
 * {@code i+1} of a series happens-after the completion of task {@code i}. Input collections are copied when the call
 * is made; iteratees are called once per element.
 */
public final class Async {
  // Over 400 lines on purpose: this is the whole public surface, one-line delegations each with its contract. The
  // mechanisms live in ControlFlow, CollectionFlow, Loops, Retry, Timeout, Auto and the queue classes.

  private Async() {}

  // ---------------------------------------------------------------- control flow

  /** Runs {@code tasks} one after another; the results in order. */
  public static <T> CompletableFuture<List<T>> series(List<? extends Task<? extends T>> tasks) {
    return ControlFlow.all(tasks, 1);
  }

  /** Runs all {@code tasks} at once; the results in input order. */
  public static <T> CompletableFuture<List<T>> parallel(List<? extends Task<? extends T>> tasks) {
    return ControlFlow.all(tasks, UNLIMITED);
  }

  /** Runs all {@code tasks} at once; a map from each key to its task's result, in the input map's key order. */
  public static <K, T> CompletableFuture<Map<K, T>> parallel(Map<K, ? extends Task<? extends T>> tasks) {
    return ControlFlow.all(tasks, UNLIMITED);
  }

  /** Runs {@code tasks} at most {@code limit} at once; the results in input order. */
  public static <T> CompletableFuture<List<T>> parallelLimit(List<? extends Task<? extends T>> tasks, int limit) {
    return ControlFlow.all(tasks, limit);
  }

  /** Runs all {@code tasks} at once to the end; every outcome in input order. Never fails, cancels nothing. */
  public static <T> CompletableFuture<List<Outcome<T>>> settled(List<? extends Task<? extends T>> tasks) {
    return ControlFlow.settled(tasks, UNLIMITED);
  }

  /** {@link #settled(List)} with at most {@code limit} tasks running at once. */
  public static <T> CompletableFuture<List<Outcome<T>>> settledLimit(
      List<? extends Task<? extends T>> tasks, int limit) {
    return ControlFlow.settled(tasks, limit);
  }

  /** A task that never fails: it completes with {@code task}'s {@link Outcome} (async.js {@code reflect}). */
  public static <T> Task<Outcome<T>> reflect(Task<? extends T> task) {
    return ControlFlow.reflect(task);
  }

  /** Starts a typed waterfall with {@code first}; add steps with {@link Waterfall#then}, start it with {@code run}. */
  public static <T> Waterfall<T> waterfall(Task<T> first) {
    return Waterfall.of(first);
  }

  /**
   * While {@code test} is true, runs {@code body} (one run at a time). The result is the last run's result, empty if
   * {@code body} never ran. {@code test} runs on the thread that completed the previous run.
   */
  public static <T> CompletableFuture<Optional<T>> whilst(BooleanSupplier test, Task<? extends T> body) {
    return Loops.whilst(test, body);
  }

  /** Until {@code test} is true, runs {@code body}; the opposite of {@link #whilst}. */
  public static <T> CompletableFuture<Optional<T>> until(BooleanSupplier test, Task<? extends T> body) {
    return Loops.whilst(() -> !test.getAsBoolean(), body);
  }

  /**
   * async.js v3's {@code whilst} with an async test: runs {@code test}, and while it completes with true runs
   * {@code body} then {@code test} again, one stage at a time. The result is the last body run's result, empty if
   * {@code body} never ran. A test that fails (or completes with null) fails the loop; cancelling the result cancels
   * the running test or body.
   */
  public static <T> CompletableFuture<Optional<T>> whilst(Task<Boolean> test, Task<? extends T> body) {
    return Loops.whilst(test, body);
  }

  /** {@link #whilst(Task, Task)} until the async {@code test} completes with true. */
  public static <T> CompletableFuture<Optional<T>> until(Task<Boolean> test, Task<? extends T> body) {
    return Loops.whilst(Loops.not(test), body);
  }

  /** Runs {@code body}, then again while {@code test} holds for the last result; that result. */
  public static <T> CompletableFuture<T> doWhilst(Task<? extends T> body, Predicate<? super T> test) {
    return Loops.doWhilst(body, test);
  }

  /** Runs {@code body}, then again until {@code test} holds for the last result; that result. */
  public static <T> CompletableFuture<T> doUntil(Task<? extends T> body, Predicate<? super T> test) {
    return Loops.doWhilst(body, test.negate());
  }

  /**
   * Runs {@code body} again and again, one run at a time. The future completes only with the first failure, or when
   * the caller cancels it (which cancels the running run).
   */
  public static CompletableFuture<Void> forever(Task<?> body) {
    return Loops.forever(body);
  }

  /** Calls {@code fn} with {@code 0..count-1}, all at once; the results in index order. */
  public static <T> CompletableFuture<List<T>> times(
      int count, IntFunction<? extends CompletionStage<? extends T>> fn) {
    return ControlFlow.times(count, UNLIMITED, fn);
  }

  /** {@link #times} with at most {@code limit} calls running at once. */
  public static <T> CompletableFuture<List<T>> timesLimit(
      int count, int limit, IntFunction<? extends CompletionStage<? extends T>> fn) {
    return ControlFlow.times(count, limit, fn);
  }

  /** {@link #times} one call at a time. */
  public static <T> CompletableFuture<List<T>> timesSeries(
      int count, IntFunction<? extends CompletionStage<? extends T>> fn) {
    return ControlFlow.times(count, 1, fn);
  }

  /** Runs {@code task} up to {@code times} times with no wait, until it succeeds; see {@link RetryPolicy}. */
  public static <T> CompletableFuture<T> retry(int times, Task<? extends T> task) {
    return Retry.run(RetryPolicy.times(times), task);
  }

  /**
   * Runs {@code task} until it succeeds or {@code policy} gives up; the first success or the last failure. A
   * cancelled attempt is never retried. Cancelling the result cancels the running attempt or the pending wait.
   */
  public static <T> CompletableFuture<T> retry(RetryPolicy policy, Task<? extends T> task) {
    return Retry.run(policy, task);
  }

  /** A task that retries {@code task} under {@code policy} each time it is started (async.js {@code retryable}). */
  public static <T> Task<T> retryable(RetryPolicy policy, Task<? extends T> task) {
    return () -> Retry.run(policy, task);
  }

  /**
   * Runs {@code task} with a time limit measured by {@link Scheduler#system()}; see
   * {@link #timeout(Task, Duration, Scheduler)}.
   */
  public static <T> CompletableFuture<T> timeout(Task<? extends T> task, Duration limit) {
    return Timeout.run(task, limit, Scheduler.system());
  }

  /**
   * Runs {@code task} with a time limit: if it has not completed {@code limit} after it started, the result fails
   * with {@link dev.corral.async.TaskTimeoutException} and the task is cancelled.
   *
   * @throws IllegalArgumentException if {@code limit} is not positive
   */
  public static <T> CompletableFuture<T> timeout(Task<? extends T> task, Duration limit, Scheduler scheduler) {
    return Timeout.run(task, limit, scheduler);
  }

  /**
   * Starts all {@code tasks}; the first to complete, normally or not, decides the result, and the others are
   * cancelled. A task that completes while being started stops later tasks from starting.
   *
   * @throws IllegalArgumentException if {@code tasks} is empty (async.js would wait forever)
   */
  public static <T> CompletableFuture<T> race(List<? extends Task<? extends T>> tasks) {
    return ControlFlow.race(tasks);
  }

  /**
   * Starts an async.js {@code auto} graph: named tasks with dependencies, each started as soon as its dependencies
   * have succeeded; see {@link Auto}.
   */
  public static Auto.Builder auto() {
    return Auto.builder();
  }

  /**
   * async.js {@code autoInject}: a graph of named tasks whose dependencies are passed to them as typed arguments;
   * see {@link AutoInject}.
   */
  public static AutoInject.Builder autoInject() {
    return new AutoInject.Builder();
  }

  /**
   * Runs {@code tasks} one at a time until one succeeds; that task's result. Each task starts only after the
   * previous one failed. If every task fails, the result fails with the last failure, the earlier ones attached as
   * suppressed exceptions. A task whose own future was cancelled stops the run with that cancellation (as a
   * cancelled attempt is never retried). Cancelling the result cancels the running task and starts no other.
   *
   * @throws IllegalArgumentException if {@code tasks} is empty
   */
  public static <T> CompletableFuture<T> tryEach(List<? extends Task<? extends T>> tasks) {
    return TryEach.run(tasks);
  }

  /**
   * A chain of async functions, each applied to the previous one's result (async.js {@code seq}); extend it with
   * {@link Seq#then}. See {@link Seq} for ordering, failure and cancellation.
   */
  public static <I, O> Seq<I, O> seq(Function<? super I, ? extends CompletionStage<? extends O>> first) {
    return Seq.of(first);
  }

  /** {@link #seq(Function)} of same-typed functions, applied in list order; with none, the input itself. */
  public static <T> Seq<T, T> seq(List<? extends Function<? super T, ? extends CompletionStage<? extends T>>> fns) {
    return Seq.ofAll(fns);
  }

  /**
   * async.js {@code compose}: {@code outer} applied to {@code inner}'s result, that is {@code seq(inner).then(outer)}
   * (functions listed right to left, as in mathematics).
   */
  public static <A, B, C> Seq<A, C> compose(
      Function<? super B, ? extends CompletionStage<? extends C>> outer,
      Function<? super A, ? extends CompletionStage<? extends B>> inner) {
    Objects.requireNonNull(outer, "outer");
    return Seq.<A, B>of(inner).then(outer);
  }

  /** {@link #compose(Function, Function)} of same-typed functions: the last in the list is applied first. */
  public static <T> Seq<T, T> compose(
      List<? extends Function<? super T, ? extends CompletionStage<? extends T>>> fns) {
    List<Function<? super T, ? extends CompletionStage<? extends T>>> reversed =
        new ArrayList<>(Objects.requireNonNull(fns, "fns"));
    Collections.reverse(reversed);
    return Seq.ofAll(reversed);
  }

  /**
   * async.js {@code applyEach}: a function that calls every one of {@code fns} with its input, all at once; the
   * results in list order, failing fast and cancelling as {@link #parallel(List)} does.
   */
  public static <I, O> Function<I, CompletableFuture<List<O>>> applyEach(
      List<? extends Function<? super I, ? extends CompletionStage<? extends O>>> fns) {
    return applyEachLimit(fns, UNLIMITED);
  }

  /** {@link #applyEach} one function at a time, in list order. */
  public static <I, O> Function<I, CompletableFuture<List<O>>> applyEachSeries(
      List<? extends Function<? super I, ? extends CompletionStage<? extends O>>> fns) {
    return applyEachLimit(fns, 1);
  }

  /**
   * {@link #applyEach} with at most {@code limit} calls running at once.
   *
   * @throws IllegalArgumentException if {@code limit < 1}
   */
  public static <I, O> Function<I, CompletableFuture<List<O>>> applyEachLimit(
      List<? extends Function<? super I, ? extends CompletionStage<? extends O>>> fns, int limit) {
    Require.atLeastOne("limit", limit);
    List<Function<? super I, ? extends CompletionStage<? extends O>>> copy = List.copyOf(fns);
    return input -> CollectionFlow.<Function<? super I, ? extends CompletionStage<? extends O>>, O>map(
        copy, limit, fn -> fn.apply(input));
  }

  // ---------------------------------------------------------------- utils

  /**
   * async.js {@code memoize}: {@code fn} with its successful results kept by input; concurrent calls for one input
   * share one call. See {@link Memoized} for the contract.
   */
  public static <I, O> Memoized<I, O> memoize(Function<? super I, ? extends CompletionStage<? extends O>> fn) {
    return new Memoized<>(fn, Function.identity());
  }

  /**
   * {@link #memoize(Function)} keyed by {@code hasher(input)} instead of the input (async.js's {@code hasher}): inputs
   * with equal keys share one result.
   */
  public static <I, O> Memoized<I, O> memoize(
      Function<? super I, ? extends CompletionStage<? extends O>> fn, Function<? super I, ?> hasher) {
    return new Memoized<>(fn, hasher);
  }

  /**
   * async.js {@code unmemoize}: for a {@link Memoized}, its original function, which calls through every time; any
   * other function as a function of the same shape.
   */
  public static <I, O> Function<I, CompletableFuture<O>> unmemoize(
      Function<? super I, ? extends CompletionStage<? extends O>> fn) {
    Objects.requireNonNull(fn, "fn");
    if (fn instanceof Memoized<?, ?> memoized) {
      @SuppressWarnings("unchecked")
      Function<I, CompletableFuture<O>> original = ((Memoized<I, O>) memoized).unmemoized();
      return original;
    }
    return input -> Stages.start(() -> fn.apply(input));
  }

  /** async.js {@code reflectAll}: each task {@link #reflect}ed, in order. */
  public static <T> List<Task<Outcome<T>>> reflectAll(List<? extends Task<? extends T>> tasks) {
    List<Task<Outcome<T>>> reflected = new ArrayList<>(tasks.size());
    for (Task<? extends T> task : ControlFlow.copyTasks(tasks)) {
      reflected.add(reflect(task));
    }
    return reflected;
  }

  /**
   * async.js {@code constant}: a task that completes at once with {@code value} each time it is started (a first
   * step for {@link #waterfall}, or a stand-in in {@link #auto}).
   */
  public static <T> Task<T> constant(T value) {
    return () -> CompletableFuture.completedFuture(value);
  }

  // ---------------------------------------------------------------- queues

  /**
   * async.js {@code queue}: a FIFO queue whose {@code worker} handles one task per call, at most
   * {@code concurrency} calls at once. Use {@link Task#blocking(Task.BlockingFunction)} for a blocking worker.
   *
   * @throws IllegalArgumentException if {@code concurrency < 1}
   */
  public static <T, R> TaskQueue<T, R> queue(
      Function<? super T, ? extends CompletionStage<? extends R>> worker, int concurrency) {
    return new TaskQueue<>(Objects.requireNonNull(worker, "worker"), concurrency);
  }

  /**
   * async.js {@code priorityQueue}: like {@link #queue}, lower priorities first.
   *
   * @throws IllegalArgumentException if {@code concurrency < 1}
   */
  public static <T, R> PriorityTaskQueue<T, R> priorityQueue(
      Function<? super T, ? extends CompletionStage<? extends R>> worker, int concurrency) {
    return new PriorityTaskQueue<>(Objects.requireNonNull(worker, "worker"), concurrency);
  }

  /**
   * async.js {@code cargo}: one worker call at a time, each on up to {@code payload} waiting tasks.
   *
   * @throws IllegalArgumentException if {@code payload < 1}
   */
  public static <T, R> Cargo<T, R> cargo(
      Function<? super List<T>, ? extends CompletionStage<? extends R>> worker, int payload) {
    return new Cargo<>(Objects.requireNonNull(worker, "worker"), 1, payload);
  }

  /**
   * async.js {@code cargoQueue}: up to {@code concurrency} worker calls at once, each on up to {@code payload} tasks.
   *
   * @throws IllegalArgumentException if {@code concurrency < 1} or {@code payload < 1}
   */
  public static <T, R> Cargo<T, R> cargoQueue(
      Function<? super List<T>, ? extends CompletionStage<? extends R>> worker, int concurrency, int payload) {
    return new Cargo<>(Objects.requireNonNull(worker, "worker"), concurrency, payload);
  }

  // ---------------------------------------------------------------- collections

  /** Calls {@code fn} on every element at once; completes when all have. */
  public static <I> CompletableFuture<Void> each(
      Iterable<? extends I> items, Function<? super I, ? extends CompletionStage<?>> fn) {
    return CollectionFlow.each(items, UNLIMITED, fn);
  }

  /** {@link #each} with at most {@code limit} calls running at once. */
  public static <I> CompletableFuture<Void> eachLimit(
      Iterable<? extends I> items, int limit, Function<? super I, ? extends CompletionStage<?>> fn) {
    return CollectionFlow.each(items, limit, fn);
  }

  /** {@link #each} one element at a time. */
  public static <I> CompletableFuture<Void> eachSeries(
      Iterable<? extends I> items, Function<? super I, ? extends CompletionStage<?>> fn) {
    return CollectionFlow.each(items, 1, fn);
  }

  /** async.js {@code eachOf}: calls {@code fn} with every element and its index, all at once. */
  public static <I> CompletableFuture<Void> eachOf(
      List<? extends I> items, BiFunction<? super I, ? super Integer, ? extends CompletionStage<?>> fn) {
    return CollectionFlow.eachOf(items, UNLIMITED, fn);
  }

  /** {@link #eachOf(List, BiFunction)} with at most {@code limit} calls running at once. */
  public static <I> CompletableFuture<Void> eachOfLimit(
      List<? extends I> items, int limit, BiFunction<? super I, ? super Integer, ? extends CompletionStage<?>> fn) {
    return CollectionFlow.eachOf(items, limit, fn);
  }

  /** {@link #eachOf(List, BiFunction)} one element at a time, in index order. */
  public static <I> CompletableFuture<Void> eachOfSeries(
      List<? extends I> items, BiFunction<? super I, ? super Integer, ? extends CompletionStage<?>> fn) {
    return CollectionFlow.eachOf(items, 1, fn);
  }

  /** async.js {@code eachOf} on an object: calls {@code fn} with every value and its key, all at once. */
  public static <K, V> CompletableFuture<Void> eachOf(
      Map<K, V> map, BiFunction<? super V, ? super K, ? extends CompletionStage<?>> fn) {
    return CollectionFlow.eachOf(map, UNLIMITED, fn);
  }

  /** {@link #eachOf(Map, BiFunction)} with at most {@code limit} calls running at once. */
  public static <K, V> CompletableFuture<Void> eachOfLimit(
      Map<K, V> map, int limit, BiFunction<? super V, ? super K, ? extends CompletionStage<?>> fn) {
    return CollectionFlow.eachOf(map, limit, fn);
  }

  /** {@link #eachOf(Map, BiFunction)} one entry at a time, in the map's iteration order. */
  public static <K, V> CompletableFuture<Void> eachOfSeries(
      Map<K, V> map, BiFunction<? super V, ? super K, ? extends CompletionStage<?>> fn) {
    return CollectionFlow.eachOf(map, 1, fn);
  }

  /** Maps every element at once; the results in input order. */
  public static <I, O> CompletableFuture<List<O>> map(
      Iterable<? extends I> items, Function<? super I, ? extends CompletionStage<? extends O>> fn) {
    return CollectionFlow.map(items, UNLIMITED, fn);
  }

  /** {@link #map} with at most {@code limit} calls running at once. */
  public static <I, O> CompletableFuture<List<O>> mapLimit(
      Iterable<? extends I> items, int limit, Function<? super I, ? extends CompletionStage<? extends O>> fn) {
    return CollectionFlow.map(items, limit, fn);
  }

  /** {@link #map} one element at a time. */
  public static <I, O> CompletableFuture<List<O>> mapSeries(
      Iterable<? extends I> items, Function<? super I, ? extends CompletionStage<? extends O>> fn) {
    return CollectionFlow.map(items, 1, fn);
  }

  /** Maps every value of {@code map} (given value and key) at once; a map with the same keys in the same order. */
  public static <K, V, O> CompletableFuture<Map<K, O>> mapValues(
      Map<K, V> map, BiFunction<? super V, ? super K, ? extends CompletionStage<? extends O>> fn) {
    return CollectionFlow.mapValues(map, UNLIMITED, fn);
  }

  /** {@link #mapValues} with at most {@code limit} calls running at once. */
  public static <K, V, O> CompletableFuture<Map<K, O>> mapValuesLimit(
      Map<K, V> map, int limit, BiFunction<? super V, ? super K, ? extends CompletionStage<? extends O>> fn) {
    return CollectionFlow.mapValues(map, limit, fn);
  }

  /** {@link #mapValues} one value at a time. */
  public static <K, V, O> CompletableFuture<Map<K, O>> mapValuesSeries(
      Map<K, V> map, BiFunction<? super V, ? super K, ? extends CompletionStage<? extends O>> fn) {
    return CollectionFlow.mapValues(map, 1, fn);
  }

  /** The elements whose predicate is true, in input order; all predicates at once. */
  public static <I> CompletableFuture<List<I>> filter(
      Iterable<? extends I> items, Function<? super I, ? extends CompletionStage<Boolean>> predicate) {
    return CollectionFlow.filter(items, UNLIMITED, predicate, true);
  }

  /** {@link #filter} with at most {@code limit} predicates running at once. */
  public static <I> CompletableFuture<List<I>> filterLimit(
      Iterable<? extends I> items, int limit, Function<? super I, ? extends CompletionStage<Boolean>> predicate) {
    return CollectionFlow.filter(items, limit, predicate, true);
  }

  /** {@link #filter} one element at a time. */
  public static <I> CompletableFuture<List<I>> filterSeries(
      Iterable<? extends I> items, Function<? super I, ? extends CompletionStage<Boolean>> predicate) {
    return CollectionFlow.filter(items, 1, predicate, true);
  }

  /** The elements whose predicate is false, in input order; the opposite of {@link #filter}. */
  public static <I> CompletableFuture<List<I>> reject(
      Iterable<? extends I> items, Function<? super I, ? extends CompletionStage<Boolean>> predicate) {
    return CollectionFlow.filter(items, UNLIMITED, predicate, false);
  }

  /** {@link #reject} with at most {@code limit} predicates running at once. */
  public static <I> CompletableFuture<List<I>> rejectLimit(
      Iterable<? extends I> items, int limit, Function<? super I, ? extends CompletionStage<Boolean>> predicate) {
    return CollectionFlow.filter(items, limit, predicate, false);
  }

  /** {@link #reject} one element at a time. */
  public static <I> CompletableFuture<List<I>> rejectSeries(
      Iterable<? extends I> items, Function<? super I, ? extends CompletionStage<Boolean>> predicate) {
    return CollectionFlow.filter(items, 1, predicate, false);
  }

  /**
   * The first element, in completion order, whose predicate is true (empty if none); the other predicates still
   * running are then cancelled and the rest never start. A null element that matches also gives empty.
   */
  public static <I> CompletableFuture<Optional<I>> detect(
      Iterable<? extends I> items, Function<? super I, ? extends CompletionStage<Boolean>> predicate) {
    return CollectionFlow.detect(items, UNLIMITED, predicate);
  }

  /** {@link #detect} with at most {@code limit} predicates running at once. */
  public static <I> CompletableFuture<Optional<I>> detectLimit(
      Iterable<? extends I> items, int limit, Function<? super I, ? extends CompletionStage<Boolean>> predicate) {
    return CollectionFlow.detect(items, limit, predicate);
  }

  /** {@link #detect} one element at a time: the first match in input order. */
  public static <I> CompletableFuture<Optional<I>> detectSeries(
      Iterable<? extends I> items, Function<? super I, ? extends CompletionStage<Boolean>> predicate) {
    return CollectionFlow.detect(items, 1, predicate);
  }

  /** Whether some element's predicate is true; stops (and cancels the rest) at the first. */
  public static <I> CompletableFuture<Boolean> some(
      Iterable<? extends I> items, Function<? super I, ? extends CompletionStage<Boolean>> predicate) {
    return CollectionFlow.some(items, UNLIMITED, predicate);
  }

  /** {@link #some} with at most {@code limit} predicates running at once. */
  public static <I> CompletableFuture<Boolean> someLimit(
      Iterable<? extends I> items, int limit, Function<? super I, ? extends CompletionStage<Boolean>> predicate) {
    return CollectionFlow.some(items, limit, predicate);
  }

  /** {@link #some} one element at a time. */
  public static <I> CompletableFuture<Boolean> someSeries(
      Iterable<? extends I> items, Function<? super I, ? extends CompletionStage<Boolean>> predicate) {
    return CollectionFlow.some(items, 1, predicate);
  }

  /** Whether every element's predicate is true; stops (and cancels the rest) at the first false. */
  public static <I> CompletableFuture<Boolean> every(
      Iterable<? extends I> items, Function<? super I, ? extends CompletionStage<Boolean>> predicate) {
    return CollectionFlow.every(items, UNLIMITED, predicate);
  }

  /** {@link #every} with at most {@code limit} predicates running at once. */
  public static <I> CompletableFuture<Boolean> everyLimit(
      Iterable<? extends I> items, int limit, Function<? super I, ? extends CompletionStage<Boolean>> predicate) {
    return CollectionFlow.every(items, limit, predicate);
  }

  /** {@link #every} one element at a time. */
  public static <I> CompletableFuture<Boolean> everySeries(
      Iterable<? extends I> items, Function<? super I, ? extends CompletionStage<Boolean>> predicate) {
    return CollectionFlow.every(items, 1, predicate);
  }

  /** Maps every element to a collection at once; all of them concatenated in input order (null counts as empty). */
  public static <I, O> CompletableFuture<List<O>> concat(
      Iterable<? extends I> items,
      Function<? super I, ? extends CompletionStage<? extends Collection<? extends O>>> fn) {
    return CollectionFlow.concat(items, UNLIMITED, fn);
  }

  /** {@link #concat} with at most {@code limit} calls running at once. */
  public static <I, O> CompletableFuture<List<O>> concatLimit(
      Iterable<? extends I> items,
      int limit,
      Function<? super I, ? extends CompletionStage<? extends Collection<? extends O>>> fn) {
    return CollectionFlow.concat(items, limit, fn);
  }

  /** {@link #concat} one element at a time. */
  public static <I, O> CompletableFuture<List<O>> concatSeries(
      Iterable<? extends I> items,
      Function<? super I, ? extends CompletionStage<? extends Collection<? extends O>>> fn) {
    return CollectionFlow.concat(items, 1, fn);
  }

  /** Groups elements by an async key; keys in order of first appearance, each group in input order. */
  public static <I, K> CompletableFuture<Map<K, List<I>>> groupBy(
      Iterable<? extends I> items, Function<? super I, ? extends CompletionStage<? extends K>> key) {
    return CollectionFlow.groupBy(items, UNLIMITED, key);
  }

  /** {@link #groupBy} with at most {@code limit} calls running at once. */
  public static <I, K> CompletableFuture<Map<K, List<I>>> groupByLimit(
      Iterable<? extends I> items, int limit, Function<? super I, ? extends CompletionStage<? extends K>> key) {
    return CollectionFlow.groupBy(items, limit, key);
  }

  /** {@link #groupBy} one element at a time. */
  public static <I, K> CompletableFuture<Map<K, List<I>>> groupBySeries(
      Iterable<? extends I> items, Function<? super I, ? extends CompletionStage<? extends K>> key) {
    return CollectionFlow.groupBy(items, 1, key);
  }

  /** The elements sorted by an async criterion, ascending; stable (ties keep input order). */
  public static <I, C extends Comparable<? super C>> CompletableFuture<List<I>> sortBy(
      Iterable<? extends I> items, Function<? super I, ? extends CompletionStage<? extends C>> criterion) {
    return CollectionFlow.sortBy(items, UNLIMITED, criterion);
  }

  /**
   * Folds {@code items} in series: {@code fn(memo, item)} for each element in order, starting from {@code initial};
   * each call starts when the previous one has completed.
   */
  public static <I, A> CompletableFuture<A> reduce(
      Iterable<? extends I> items,
      A initial,
      BiFunction<? super A, ? super I, ? extends CompletionStage<? extends A>> fn) {
    return CollectionFlow.reduce(items, initial, fn);
  }

  /** {@link #reduce} from the last element to the first. */
  public static <I, A> CompletableFuture<A> reduceRight(
      Iterable<? extends I> items,
      A initial,
      BiFunction<? super A, ? super I, ? extends CompletionStage<? extends A>> fn) {
    List<I> reversed = CollectionFlow.snapshot(items);
    Collections.reverse(reversed);
    return CollectionFlow.reduce(reversed, initial, fn);
  }
}
