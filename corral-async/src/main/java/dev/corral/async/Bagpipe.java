package dev.corral.async;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs at most {@code limit} tasks at once and queues the rest: the bagpipe pattern, for Java.
 *
 * <pre>{@code
 * Bagpipe pipe = Bagpipe.builder(10)          // at most 10 calls in flight
 *     .refuse(true).queueLimit(100)           // at most 100 waiting; the 101st fails at once
 *     .timeout(Duration.ofSeconds(2))         // a slow call frees its slot and is cancelled
 *     .build();
 * CompletableFuture<String> page = pipe.call(() -> http.get(url));          // blocking code, on a virtual thread
 * CompletableFuture<Row> row = pipe.submit(() -> db.queryAsync(sql));      // already-async code
 * }</pre>
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li><b>Admission.</b> A task starts at once if fewer than {@link #limit()} are running; otherwise it waits. In
 *       refuse mode the backlog is bounded by {@code queueLimit} (or {@code round(limit × ratio)}, bagpipe's rule):
 *       a task that finds it full gets a future already failed with {@link TaskRejectedException}, so with limit 2
 *       and ratio 1, four tasks are accepted and the fifth is refused. Without refuse the backlog is unbounded.
 *   <li><b>Order.</b> Waiting tasks start in {@link Ordering#FIFO} order by default; LIFO and priority are options.
 *   <li><b>Timeouts.</b> A task's timeout counts from its start, not from its time in the queue: for blocking code
 *       from the moment it is handed to the executor, for async code from the moment its supplier returns a
 *       pending stage (the supplier's own synchronous part cannot be interrupted). When it expires the slot is freed, the
 *       task is cancelled (its virtual thread interrupted, or its stage cancelled) and the caller's future fails
 *       with {@link TaskTimeoutException}. Unlike bagpipe, a timed-out task does not run on beyond the limit
 *       unless its code ignores interrupts.
 *   <li><b>Failures.</b> A task that throws, synchronously or not, frees its slot and fails its future.
 *   <li><b>Cancellation.</b> Cancelling the returned future removes a waiting task (it never runs) or cancels a
 *       running one and frees its slot.
 *   <li><b>Disabled.</b> A disabled pipe starts every task at once and counts nothing (timeouts still apply).
 * </ul>
 *
 * <h2>Threads and memory visibility</h2>
 * All methods are thread-safe and never block. A blocking task runs on the pipe's executor (a new virtual thread
 * per task by default); an async task's supplier runs on the thread that starts it: the submitting thread when a
 * slot is free, otherwise the thread that completed an earlier task. Actions in a thread before it submits a task
 * happen-before the task starts; the task's actions happen-before the returned future completes. The returned
 * future completes after the slot is freed, so code that reacts to it may submit again without waiting. When an
 * async task's stage is already complete as the supplier returns it and a slot was free, that very stage is
 * returned (no allocation on this path); otherwise the returned future is the pipe's own.
 *
 * <p>A waiting task costs about 100 bytes (the task, which is also the returned future, plus a queue node). The
 * hot path is lock-free for FIFO and LIFO: a CAS to take a slot, one to give it back, and a work-in-progress
 * counter so that only one thread drains the queue at a time and synchronous completions never recurse.
 */
public final class Bagpipe {
  static final BagpipeListener NO_LISTENER = new BagpipeListener() {};

  static final int ACTIVE_BITS = 24;
  static final int MAX_LIMIT = (1 << ACTIVE_BITS) - 1;
  private static final long ACTIVE_MASK = MAX_LIMIT;
  private static final long COMPLETION = 1L << ACTIVE_BITS;
  private static final long COMPLETION_MASK = (1L << (64 - ACTIVE_BITS)) - 1;

  final String name;
  final boolean disabled;
  final int queueLimit;
  final int fullThreshold;
  final Duration timeout;
  final long timeoutNanos;
  final Ordering ordering;
  final Executor executor;
  final Scheduler scheduler;
  private final SafeListener listener;
  private final boolean listening;

  private final TaskQueue queue;
  private volatile int limit;
  /**
   * Two counters in one word, so that freeing a slot and counting the completion is a single atomic add (the
   * immediate-task path costs as many atomics as a Semaphore's acquire and release): the low
   * {@value #ACTIVE_BITS} bits hold the tasks holding a slot (never above {@link #limit} except transiently after
   * {@link #setLimit} lowers it), the high bits the completions (successes and failures, not cancellations), which
   * wrap after 2^40.
   */
  private final AtomicLong slots = new AtomicLong();
  /** Tasks waiting and not cancelled; never above {@link #queueLimit}. */
  private final AtomicInteger queued = new AtomicInteger();
  /** Drain requests; the thread that moves it from 0 drains until it returns to 0. */
  private final AtomicInteger drainRequests = new AtomicInteger();
  private final AtomicLong sequence = new AtomicLong();
  private final LongAdder failed = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private final LongAdder timedOut = new LongAdder();
  private final LongAdder cancelled = new LongAdder();

  Bagpipe(BagpipeBuilder builder) {
    this.name = builder.name;
    this.limit = builder.limit;
    this.disabled = builder.disabled;
    this.queueLimit = builder.effectiveQueueLimit();
    this.fullThreshold = builder.fullThreshold;
    this.timeout = builder.timeout;
    this.timeoutNanos = builder.timeout == null ? 0 : builder.timeout.toNanos();
    this.ordering = builder.ordering;
    this.executor = builder.executor;
    this.scheduler = builder.scheduler;
    this.listener = new SafeListener(builder.listener);
    this.listening = builder.listener != NO_LISTENER;
    this.queue = TaskQueue.create(builder.ordering);
  }

  /** A builder for a pipe that runs at most {@code limit} tasks at once. */
  public static BagpipeBuilder builder(int limit) {
    return new BagpipeBuilder(limit);
  }

  /** A FIFO pipe with an unbounded queue, no timeout and no listener. */
  public static Bagpipe of(int limit) {
    return builder(limit).build();
  }

  /**
   * Runs blocking code under the limit, on the pipe's executor (a new virtual thread by default).
   *
   * @return a future for the task's result; already failed with {@link TaskRejectedException} if refused
   */
  public <T> CompletableFuture<T> call(Callable<T> task) {
    return enqueue(Objects.requireNonNull(task, "task"), true, 0);
  }

  /** Like {@link #call(Callable)}, with a priority for {@link Ordering#PRIORITY} pipes (lower runs first). */
  public <T> CompletableFuture<T> call(int priority, Callable<T> task) {
    return enqueue(Objects.requireNonNull(task, "task"), true, priority);
  }

  /**
   * Runs already-asynchronous code under the limit: the supplier is called when a slot is free, and the slot is
   * held until the stage it returns completes.
   *
   * @return a future for the stage's result; already failed with {@link TaskRejectedException} if refused
   */
  public <T> CompletableFuture<T> submit(Supplier<? extends CompletionStage<T>> task) {
    Objects.requireNonNull(task, "task");
    // The fast path is kept small so that it inlines into the caller's loop; see enqueue for the reasoning.
    if (ordering != Ordering.PRIORITY && !disabled && queued.get() == 0 && tryAcquireSlot()) {
      return startNow(task, 0, 0);
    }
    return enqueue(task, false, 0);
  }

  /** Like {@link #submit(Supplier)}, with a priority for {@link Ordering#PRIORITY} pipes (lower runs first). */
  public <T> CompletableFuture<T> submit(int priority, Supplier<? extends CompletionStage<T>> task) {
    return enqueue(Objects.requireNonNull(task, "task"), false, priority);
  }

  /**
   * Wraps an async function so that every call goes through this pipe (bagpipe's {@code limitify}).
   *
   * <pre>{@code Function<String, CompletableFuture<Response>> fetch = pipe.limitify(client::getAsync);}</pre>
   */
  public <A, R> Function<A, CompletableFuture<R>> limitify(Function<? super A, ? extends CompletionStage<R>> function) {
    Objects.requireNonNull(function, "function");
    return argument -> submit(() -> function.apply(argument));
  }

  /** Wraps a blocking function so that every call runs through this pipe on its executor. */
  public <A, R> Function<A, CompletableFuture<R>> limitifyBlocking(Function<? super A, ? extends R> function) {
    Objects.requireNonNull(function, "function");
    return argument -> call(() -> function.apply(argument));
  }

  private <T> CompletableFuture<T> enqueue(Object work, boolean blocking, int priority) {
    if (disabled) {
      BagpipeTask<T> task = new BagpipeTask<>(this, work, blocking, priority, 0, BagpipeTask.RUNNING);
      task.start();
      return task;
    }
    long order = ordering == Ordering.PRIORITY ? sequence.getAndIncrement() : 0;
    // Checking the count, not the queue: a submitter counts itself in before it offers and drains after, so a
    // task can't be stranded, and the count is one read where a lock-free queue's isEmpty is a traversal.
    if (queued.get() == 0 && tryAcquireSlot()) {
      if (!blocking) {
        @SuppressWarnings("unchecked")
        Supplier<? extends CompletionStage<T>> supplier = (Supplier<? extends CompletionStage<T>>) work;
        return startNow(supplier, priority, order);
      }
      BagpipeTask<T> task = new BagpipeTask<>(this, work, blocking, priority, order, BagpipeTask.RUNNING);
      task.start();
      return task;
    }
    int waiting = reserveQueuePlace();
    if (waiting < 0) {
      rejected.increment();
      if (listening) {
        listener.full(queued.get());
      }
      return CompletableFuture.failedFuture(new TaskRejectedException(name, queueLimit));
    }
    BagpipeTask<T> task = new BagpipeTask<>(this, work, blocking, priority, order, BagpipeTask.WAITING);
    if (listening) {
      task.queuedAtNanos = scheduler.nanoTime();
    }
    queue.offer(task);
    if (listening && waiting > fullThreshold) {
      listener.full(waiting);
    }
    drain();
    return task;
  }

  /**
   * Starts an async task on the submitting thread, which holds a slot for it. A stage that is already complete is
   * handed back as it is, with no allocation; only a pending one gets a task object to track it.
   */
  private <T> CompletableFuture<T> startNow(Supplier<? extends CompletionStage<T>> supplier, int priority, long order) {
    CompletionStage<T> stage;
    try {
      stage = supplier.get();
    } catch (Throwable thrown) {
      return failNow(thrown);
    }
    if (stage instanceof CompletableFuture<T> done && done.isDone()) {
      release(done.isCompletedExceptionally() ? BagpipeTask.failureOf(done) : null);
      afterCompletion();
      return done;
    }
    if (stage == null) {
      return failNow(new NullPointerException("task returned a null CompletionStage"));
    }
    BagpipeTask<T> task = new BagpipeTask<>(this, null, false, priority, order, BagpipeTask.RUNNING);
    task.startTimer();
    task.attach(stage);
    return task;
  }

  private <T> CompletableFuture<T> failNow(Throwable error) {
    release(error);
    afterCompletion();
    return CompletableFuture.failedFuture(error);
  }

  /** Takes a backlog place; returns the new number waiting, or -1 if the backlog is full. */
  private int reserveQueuePlace() {
    while (true) {
      int current = queued.get();
      if (current >= queueLimit) {
        return -1;
      }
      if (queued.compareAndSet(current, current + 1)) {
        return current + 1;
      }
    }
  }

  private boolean tryAcquireSlot() {
    while (true) {
      long current = slots.get();
      int running = (int) (current & ACTIVE_MASK);
      if (running >= limit) {
        return false;
      }
      if (slots.compareAndSet(current, current + 1)) {
        if (listening && running + 1 == limit) {
          listener.saturated();
        }
        return true;
      }
    }
  }

  /** Starts waiting tasks while slots are free; only one thread drains at a time, the others leave it a note. */
  private void drain() {
    if (drainRequests.getAndIncrement() != 0) {
      return;
    }
    int missed = 1;
    do {
      while (!queue.isEmpty() && tryAcquireSlot()) {
        BagpipeTask<?> task = queue.poll();
        if (task == null) {
          slots.decrementAndGet();
          continue;
        }
        if (!task.claim()) {
          slots.decrementAndGet(); // cancelled while waiting; already uncounted
          continue;
        }
        boolean emptied = queued.decrementAndGet() == 0;
        if (listening) {
          listener.dequeued(scheduler.nanoTime() - task.queuedAtNanos);
          if (emptied) {
            listener.empty();
          }
        }
        task.start();
      }
      missed = drainRequests.addAndGet(-missed);
    } while (missed != 0);
  }

  // Callbacks from BagpipeTask; each is called exactly once per task that held a slot.

  void release(Throwable error) {
    int running = (int) (slots.addAndGet(disabled ? COMPLETION : COMPLETION - 1) & ACTIVE_MASK);
    if (error != null) {
      failed.increment(); // after the completion is counted, so that stats() never sees successes below zero
    }
    if (listening) {
      if (error != null) {
        listener.error(error);
      }
      afterRelease(running);
    }
  }

  void releaseTimedOut(TaskTimeoutException timeout) {
    timedOut.increment();
    release(timeout);
  }

  void releaseCancelled() {
    cancelled.increment();
    int running = disabled ? 0 : (int) (slots.decrementAndGet() & ACTIVE_MASK);
    if (listening) {
      afterRelease(running);
    }
  }

  void cancelledWhileWaiting() {
    cancelled.increment();
    queued.decrementAndGet();
  }

  void afterCompletion() {
    if (queued.get() > 0) {
      drain();
    }
  }

  private void afterRelease(int running) {
    int current = limit;
    if (running <= current - current / 4) {
      listener.unsaturated();
    }
    if (running == 0 && queued.get() == 0) {
      listener.drain();
    }
  }

  /** Tasks holding a slot right now. */
  public int active() {
    return (int) (slots.get() & ACTIVE_MASK);
  }

  /** Tasks waiting for a slot right now (cancelled ones excluded). */
  public int queued() {
    return queued.get();
  }

  /** The most tasks that run at once. */
  public int limit() {
    return limit;
  }

  /**
   * Changes the limit at run time. Raising it starts waiting tasks at once; lowering it lets running tasks finish
   * and starts no new one until fewer than the new limit run.
   *
   * @throws IllegalArgumentException if {@code limit < 1}
   */
  public void setLimit(int limit) {
    this.limit = BagpipeBuilder.checkLimit(limit);
    drain();
  }

  /** Whether this pipe counts nothing and starts every task at once. */
  public boolean isDisabled() {
    return disabled;
  }

  /** A snapshot of this pipe's counters; each is exact, but they are read one after another. */
  public Stats stats() {
    long failures = failed.sum(); // first: every failure counted here is already among the completions
    long completions = slots.get() >>> ACTIVE_BITS;
    return new Stats(active(), queued.get(), (completions - failures) & COMPLETION_MASK, failures,
        timedOut.sum(), rejected.sum(), cancelled.sum());
  }

  /**
   * Counters of a pipe.
   *
   * @param active tasks holding a slot
   * @param queued tasks waiting
   * @param succeeded tasks that completed normally (counted modulo 2^40, about 10^12)
   * @param failed tasks that failed, timed-out ones included
   * @param timedOut tasks stopped by the timeout
   * @param rejected tasks refused because the backlog was full (they never ran)
   * @param cancelled tasks cancelled by their caller, waiting or running
   */
  public record Stats(
      int active, int queued, long succeeded, long failed, long timedOut, long rejected, long cancelled) {}

  @Override
  public String toString() {
    return name + "[limit=" + limit + ", active=" + active() + ", queued=" + queued.get() + "]";
  }
}
