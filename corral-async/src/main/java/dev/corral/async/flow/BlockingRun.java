package dev.corral.async.flow;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * One run of a blocking {@link Callable} on an {@link Executor}, seen as a {@link CompletableFuture} whose
 * {@link #cancel(boolean)} interrupts the running thread.
 *
 * <p>Thread-safety: {@code runner} and {@code interruptedByUs} are guarded by {@code this}. The interrupt is only ever
 * delivered while {@code body} runs: {@link #run()} clears {@code runner} under the lock before returning, and clears
 * an interrupt it caused, so a pooled executor thread never carries our interrupt into its next task.
 */
final class BlockingRun<T> extends CompletableFuture<T> implements Runnable {
  private final Callable<? extends T> body;

  /** The thread running {@code body}, or null when it is not running. Guarded by {@code this}. */
  private Thread runner;

  /** Whether {@link #cancel} interrupted {@code runner}. Guarded by {@code this}. */
  private boolean interruptedByUs;

  private BlockingRun(Callable<? extends T> body) {
    this.body = body;
  }

  /** Hands a new run of {@code body} to {@code executor}; a rejected hand-off fails the returned future. */
  static <T> BlockingRun<T> submit(Callable<? extends T> body, Executor executor) {
    BlockingRun<T> run = new BlockingRun<>(body);
    try {
      executor.execute(run);
    } catch (RuntimeException rejected) {
      run.completeExceptionally(rejected);
    }
    return run;
  }

  @Override
  public void run() {
    synchronized (this) {
      if (isDone()) {
        return; // cancelled before it started: the body never runs
      }
      runner = Thread.currentThread();
    }
    try {
      complete(body.call());
    } catch (Throwable failure) {
      completeExceptionally(failure);
    } finally {
      boolean clear;
      synchronized (this) {
        runner = null;
        clear = interruptedByUs;
      }
      if (clear) {
        Thread.interrupted();
      }
    }
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    boolean cancelled = super.cancel(mayInterruptIfRunning);
    if (cancelled && mayInterruptIfRunning) {
      synchronized (this) {
        if (runner != null) {
          interruptedByUs = true;
          runner.interrupt();
        }
      }
    }
    return cancelled;
  }
}
