package dev.corral.async;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * One task submitted to a {@link Bagpipe}, and at the same time the future handed back to the caller (one object
 * per task keeps a queued task at about 100 bytes, queue node included).
 *
 * <p>Lifecycle: {@code WAITING → RUNNING → DONE}, or {@code WAITING → CANCELLED} when the caller cancels it before
 * it starts. Every transition is a CAS on {@link #state}, so exactly one of completion, timeout and cancellation
 * wins and the pipe's slot is released exactly once.
 */
final class BagpipeTask<T> extends CompletableFuture<T> implements Runnable, BiConsumer<T, Throwable> {
  static final int WAITING = 0;
  static final int RUNNING = 1;
  static final int DONE = 2;
  static final int CANCELLED = 3;

  private static final VarHandle STATE;
  private static final VarHandle RUNNER;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      STATE = lookup.findVarHandle(BagpipeTask.class, "state", int.class);
      RUNNER = lookup.findVarHandle(BagpipeTask.class, "runner", Thread.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Bagpipe pipe;
  /** A {@link Callable} (blocking) or a {@link Supplier} of a {@link CompletionStage}; cleared once started. */
  private Object work;
  private final boolean blocking;
  /** Queue order for {@link Ordering#PRIORITY}: lower first, then by sequence. */
  final int priority;
  final long sequence;

  /**
   * When a waiting task was queued, on the pipe's scheduler clock; set only when the pipe has a listener (for
   * {@link BagpipeListener#onDequeued}), before the task is offered to the queue, and read by the draining thread
   * after it polled the task (the queue's offer/poll orders the two).
   */
  long queuedAtNanos;
  /** One of WAITING, RUNNING, DONE, CANCELLED; changed only by CAS. */
  private volatile int state;
  /** The thread running a blocking task; taken (set to null) by whoever ends the run or interrupts it. */
  private volatile Thread runner;
  /** Set after an interrupt of {@link #runner} has been delivered, so the runner can clear it safely. */
  private volatile boolean interruptDelivered;
  /** The stage returned by an async task while it is pending, so a timeout or cancel can cancel it. */
  private volatile CompletableFuture<?> inner;
  /** The pending timeout, if the pipe has one; written before the task can finish, read after the state CAS. */
  private volatile Scheduler.Cancellable timer;

  BagpipeTask(Bagpipe pipe, Object work, boolean blocking, int priority, long sequence, int initialState) {
    this.pipe = pipe;
    this.work = work;
    this.blocking = blocking;
    this.priority = priority;
    this.sequence = sequence;
    this.state = initialState;
  }

  /** WAITING → RUNNING; false if the caller cancelled it while it waited. */
  boolean claim() {
    return STATE.compareAndSet(this, WAITING, RUNNING);
  }

  /** Starts the task; the caller holds a slot for it and the state is RUNNING. */
  void start() {
    if (blocking) {
      startTimer();
      try {
        pipe.executor.execute(this);
      } catch (RuntimeException rejected) {
        finish(null, rejected);
      }
    } else {
      startAsync();
    }
  }

  /** Starts the pipe's timeout for this task, if it has one. */
  void startTimer() {
    if (pipe.timeoutNanos > 0) {
      timer = pipe.scheduler.schedule(this::expire, pipe.timeoutNanos);
    }
  }

  @SuppressWarnings("unchecked")
  private void startAsync() {
    Supplier<? extends CompletionStage<T>> supplier = (Supplier<? extends CompletionStage<T>>) work;
    work = null;
    if (supplier == null || state != RUNNING) {
      return; // cancelled or timed out between taking the slot and starting
    }
    CompletionStage<T> stage;
    try {
      stage = supplier.get();
    } catch (Throwable thrown) {
      finish(null, thrown);
      return;
    }
    if (stage == null) {
      finish(null, new NullPointerException("task returned a null CompletionStage"));
      return;
    }
    if (stage instanceof CompletableFuture<T> future && future.isDone()) {
      finish(future); // the common case for cached or immediate work: read without allocating
    } else {
      startTimer();
      attach(stage);
    }
  }

  /** Finishes with the outcome of an already-completed future. */
  void finish(CompletableFuture<T> done) {
    switch (done.state()) {
      case SUCCESS -> finish(done.resultNow(), null);
      case FAILED -> finish(null, done.exceptionNow());
      default -> finish(null, failureOf(done));
    }
  }

  /** Waits for a pending stage; the caller holds a slot for this task and its state is RUNNING. */
  void attach(CompletionStage<T> stage) {
    if (!(stage instanceof CompletableFuture<T> future)) {
      stage.whenComplete(this);
      return;
    }
    inner = future;
    if (state != RUNNING) {
      // A timeout or cancel won while the supplier ran and may have missed `inner`: stop the work here.
      future.cancel(true);
    } else {
      future.whenComplete(this);
    }
  }

  /** Runs a blocking task on the pipe's executor thread. */
  @Override
  @SuppressWarnings("unchecked")
  public void run() {
    Callable<T> callable = (Callable<T>) work;
    work = null;
    if (callable == null || state != RUNNING) {
      return; // timed out or cancelled before the executor got to it
    }
    runner = Thread.currentThread();
    T value = null;
    Throwable error = null;
    try {
      if (state == RUNNING) {
        value = callable.call();
      }
    } catch (Throwable thrown) {
      error = thrown;
    } finally {
      if (RUNNER.getAndSet(this, null) == null) {
        // Someone took the runner to interrupt it: wait until the interrupt has landed, then clear it, so it
        // cannot hit whatever this thread runs next.
        while (!interruptDelivered) {
          Thread.onSpinWait();
        }
        Thread.interrupted();
      }
    }
    finish(value, error);
  }

  /** Completion of an async task's stage. */
  @Override
  public void accept(T value, Throwable error) {
    inner = null;
    finish(value, unwrap(error));
  }

  private void finish(T value, Throwable error) {
    if (!STATE.compareAndSet(this, RUNNING, DONE)) {
      return; // a timeout or cancel got here first
    }
    cancelTimer();
    pipe.release(error);
    if (error == null) {
      super.complete(value);
    } else {
      super.completeExceptionally(error);
    }
    pipe.afterCompletion();
  }

  private void expire() {
    if (!STATE.compareAndSet(this, RUNNING, DONE)) {
      return;
    }
    stopWork();
    TaskTimeoutException timeout = new TaskTimeoutException(pipe.timeout);
    pipe.releaseTimedOut(timeout);
    super.completeExceptionally(timeout);
    pipe.afterCompletion();
  }

  /**
   * Cancels the task: a waiting task never starts; a running one has its thread interrupted (when
   * {@code mayInterruptIfRunning}, always for its own virtual thread) or its stage cancelled, and its slot freed.
   */
  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    if (STATE.compareAndSet(this, WAITING, CANCELLED)) {
      work = null;
      pipe.cancelledWhileWaiting();
      return super.cancel(mayInterruptIfRunning);
    }
    if (STATE.compareAndSet(this, RUNNING, DONE)) {
      cancelTimer();
      stopWork();
      pipe.releaseCancelled();
      boolean cancelled = super.cancel(mayInterruptIfRunning);
      pipe.afterCompletion();
      return cancelled;
    }
    return super.cancel(mayInterruptIfRunning);
  }

  private void stopWork() {
    Thread thread = (Thread) RUNNER.getAndSet(this, null);
    if (thread != null) {
      thread.interrupt();
      interruptDelivered = true;
    }
    CompletableFuture<?> pending = inner;
    if (pending != null) {
      pending.cancel(true);
    }
  }

  private void cancelTimer() {
    Scheduler.Cancellable pending = timer;
    if (pending != null) {
      pending.cancel();
    }
  }

  /** The error a completed-exceptionally future failed with (a CancellationException if it was cancelled). */
  static Throwable failureOf(CompletableFuture<?> done) {
    return done.isCancelled() ? new CancellationException("task's future was cancelled") : done.exceptionNow();
  }

  private static Throwable unwrap(Throwable error) {
    if ((error instanceof CompletionException || error instanceof ExecutionException) && error.getCause() != null) {
      return error.getCause();
    }
    return error;
  }
}
