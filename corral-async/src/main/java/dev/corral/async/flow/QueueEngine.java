package dev.corral.async.flow;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The mechanism behind {@link WorkQueue}: async.js's {@code lib/internal/queue.js} rules on a {@link SerialLoop}.
 *
 * <p>Every state change (push, worker completion, resume, kill, remove, a new concurrency) is an action on the loop,
 * so the rules run exactly as on async.js's single thread: on each hand-off to a worker {@code running} grows, then
 * {@code empty} fires if no task waits, then {@code saturated} fires if {@code running == concurrency}; on each
 * worker completion {@code running} shrinks, each task's future completes and {@code error} fires for each failed
 * task, then {@code unsaturated} fires if {@code running <= concurrency - buffer}, then {@code drain} fires if the
 * queue is idle, then more tasks are handed out. Listeners run on the loop, one at a time, never concurrently.
 *
 * <p><b>Threading.</b> {@code backlog} is owned by the loop. The volatile fields are written by the loop (or, for
 * settings and listeners, by any caller) and read anywhere; {@code waiting} also counts pushes still in the loop's
 * inbox, so {@link #length()} never misses a push that has returned.
 */
final class QueueEngine<T, R> {
  private static final Runnable NONE = () -> {};
  private static final BiConsumer<Throwable, Object> NO_ERROR_LISTENER = (error, data) -> {};

  private final Function<List<T>, ? extends CompletionStage<? extends R>> worker;
  private final Backlog<T, R> backlog;
  private final SerialLoop loop = new SerialLoop();

  /** Pushed jobs not yet handed to a worker or removed. */
  private final AtomicInteger waiting = new AtomicInteger();

  private final AtomicReference<CompletableFuture<Void>> nextDrain = new AtomicReference<>();

  /**
   * Jobs handed to a worker and not yet completed, for {@link #workersList()}. Written on the loop (a job is added
   * before its worker starts and removed before its future completes), read anywhere.
   */
  private final Set<Job<T, R>> handedOut = ConcurrentHashMap.newKeySet();

  /** Worker calls in progress. Written only on the loop. */
  private volatile int running;

  private volatile int concurrency;
  private final int payload;
  private volatile double buffer;
  private volatile boolean paused;
  private volatile boolean started;

  private volatile Runnable onDrain = NONE;
  private volatile Runnable onEmpty = NONE;
  private volatile Runnable onSaturated = NONE;
  private volatile Runnable onUnsaturated = NONE;
  private volatile BiConsumer<? super Throwable, ? super T> onError = NO_ERROR_LISTENER;

  QueueEngine(
      Function<List<T>, ? extends CompletionStage<? extends R>> worker,
      Backlog<T, R> backlog,
      int concurrency,
      int payload) {
    this.worker = worker;
    this.backlog = backlog;
    this.concurrency = Require.atLeastOne("concurrency", concurrency);
    this.payload = Require.atLeastOne("payload", payload);
    this.buffer = concurrency / 4.0;
  }

  // ---------------------------------------------------------------- commands

  void push(Job<T, R> job, boolean atFront) {
    started = true;
    waiting.incrementAndGet();
    loop.execute(
        () -> {
          backlog.add(job, atFront);
          process();
        });
  }

  void pushAll(List<? extends Job<T, R>> jobs, boolean atFront) {
    started = true;
    waiting.addAndGet(jobs.size());
    loop.execute(
        () -> {
          if (jobs.isEmpty()) {
            if (idle()) {
              fireDrain(); // async.js: drain right away when an empty array is pushed to an idle queue
            }
            return;
          }
          List<? extends Job<T, R>> ordered = jobs;
          if (atFront) {
            ordered = new ArrayList<>(jobs);
            Collections.reverse(ordered); // so that the first of the list ends up first in the queue
          }
          for (Job<T, R> job : ordered) {
            backlog.add(job, atFront);
          }
          process();
        });
  }

  void pause() {
    paused = true;
  }

  void resume() {
    if (!paused) {
      return;
    }
    paused = false;
    loop.execute(this::process);
  }

  void setConcurrency(int concurrency) {
    this.concurrency = Require.atLeastOne("concurrency", concurrency);
    loop.execute(this::process); // async.js waits for the next event; we hand out the new slots at once
  }

  void setBuffer(double buffer) {
    if (!(buffer >= 0)) {
      throw new IllegalArgumentException("buffer: " + buffer + " (expected: >= 0)");
    }
    this.buffer = buffer;
  }

  /** Removes every listener and cancels every waiting task; running tasks go on (async.js {@code kill}). */
  void kill() {
    loop.execute(
        () -> {
          onDrain = NONE;
          onEmpty = NONE;
          onSaturated = NONE;
          onUnsaturated = NONE;
          onError = NO_ERROR_LISTENER;
          CompletableFuture<Void> drainWaiter = nextDrain.getAndSet(null);
          if (drainWaiter != null) {
            drainWaiter.cancel(false);
          }
          discard(backlog.clear(), new TaskRemovedException("task removed by kill()"));
        });
  }

  void remove(Predicate<? super T> test) {
    TaskRemovedException removed = new TaskRemovedException("task removed by remove()");
    loop.execute(() -> discard(backlog.removeIf(test), removed));
  }

  // ---------------------------------------------------------------- queries and settings

  int length() {
    return waiting.get();
  }

  int running() {
    return running;
  }

  List<T> workersList() {
    List<T> tasks = new ArrayList<>(handedOut.size());
    for (Job<T, R> job : handedOut) {
      tasks.add(job.data);
    }
    return tasks;
  }

  boolean idle() {
    return waiting.get() + running == 0;
  }

  boolean isPaused() {
    return paused;
  }

  boolean isStarted() {
    return started;
  }

  int concurrency() {
    return concurrency;
  }

  int payload() {
    return payload;
  }

  double buffer() {
    return buffer;
  }

  void onDrain(Runnable listener) {
    onDrain = Objects.requireNonNull(listener, "listener");
  }

  void onEmpty(Runnable listener) {
    onEmpty = Objects.requireNonNull(listener, "listener");
  }

  void onSaturated(Runnable listener) {
    onSaturated = Objects.requireNonNull(listener, "listener");
  }

  void onUnsaturated(Runnable listener) {
    onUnsaturated = Objects.requireNonNull(listener, "listener");
  }

  void onError(BiConsumer<? super Throwable, ? super T> listener) {
    onError = Objects.requireNonNull(listener, "listener");
  }

  CompletableFuture<Void> drained() {
    CompletableFuture<Void> fresh = new CompletableFuture<>();
    CompletableFuture<Void> existing = nextDrain.compareAndExchange(null, fresh);
    return existing != null ? existing : fresh;
  }

  // ---------------------------------------------------------------- loop-only

  private void process() {
    while (!paused && running < concurrency) {
      List<Job<T, R>> batch = takeBatch();
      if (batch.isEmpty()) {
        return;
      }
      handedOut.addAll(batch);
      running = running + 1;
      if (backlog.size() == 0) {
        SerialLoop.runGuarded(onEmpty);
      }
      if (running == concurrency) {
        SerialLoop.runGuarded(onSaturated);
      }
      start(batch);
    }
  }

  private List<Job<T, R>> takeBatch() {
    int max = payload;
    if (max == 1) {
      Job<T, R> job;
      while ((job = backlog.poll()) != null) {
        waiting.decrementAndGet();
        if (!job.isDone()) { // a job cancelled while it waited is dropped here
          return Collections.singletonList(job);
        }
      }
      return List.of();
    }
    List<Job<T, R>> batch = new ArrayList<>(Math.min(max, Math.max(1, backlog.size())));
    while (batch.size() < max) {
      Job<T, R> job = backlog.poll();
      if (job == null) {
        break;
      }
      waiting.decrementAndGet();
      if (!job.isDone()) { // a job cancelled while it waited is dropped here
        batch.add(job);
      }
    }
    return batch;
  }

  private void start(List<Job<T, R>> batch) {
    List<T> data;
    if (batch.size() == 1) {
      data = Collections.singletonList(batch.get(0).data);
    } else {
      data = new ArrayList<>(batch.size());
      for (Job<T, R> job : batch) {
        data.add(job.data);
      }
    }
    CompletableFuture<? extends R> work = Stages.start(() -> worker.apply(data));
    if (batch.size() == 1) {
      Job<T, R> job = batch.get(0);
      job.work = work;
      if (job.isCancelled()) {
        work.cancel(true); // cancelled between hand-off and now: Job.cancel could not see the work yet
      }
    }
    work.whenComplete((value, failure) -> loop.execute(() -> finish(batch, value, failure)));
  }

  private void finish(List<Job<T, R>> batch, R value, Throwable failure) {
    running = running - 1;
    Throwable error = failure == null ? null : Stages.unwrap(failure);
    for (Job<T, R> job : batch) {
      job.work = null;
      handedOut.remove(job);
      if (error == null) {
        job.complete(value);
      } else {
        job.completeExceptionally(error);
        if (!(job.isCancelled() && error instanceof CancellationException)) {
          BiConsumer<? super Throwable, ? super T> listener = onError;
          SerialLoop.runGuarded(() -> listener.accept(error, job.data));
        }
      }
    }
    if (running <= concurrency - buffer) {
      SerialLoop.runGuarded(onUnsaturated);
    }
    if (idle()) {
      fireDrain();
    }
    process();
  }

  private void fireDrain() {
    SerialLoop.runGuarded(onDrain);
    CompletableFuture<Void> waiter = nextDrain.getAndSet(null);
    if (waiter != null) {
      waiter.complete(null);
    }
  }

  private void discard(List<Job<T, R>> jobs, TaskRemovedException reason) {
    waiting.addAndGet(-jobs.size());
    for (Job<T, R> job : jobs) {
      job.completeExceptionally(reason); // a waiting job has no work to cancel; isCancelled() is still true
    }
  }
}
