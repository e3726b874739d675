package dev.corral.spring.aop;

import dev.corral.async.TaskTimeoutException;
import dev.corral.spring.bagpipe.BagpipeTimeoutException;
import dev.corral.spring.bagpipe.NamedBagpipe;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * The {@code @Bagpipe} part of a method's plan. A {@code CompletionStage} call is submitted to the pipe as it is;
 * a value call holds a slot while it runs on the calling thread (see {@link #runHere}). Immutable and thread-safe.
 */
final class BagpipeStep {

  /** A call that may throw anything, as {@code MethodInvocation.proceed()}. */
  interface Call {
    Object proceed() throws Throwable;
  }

  private final NamedBagpipe pipe;

  BagpipeStep(NamedBagpipe pipe) {
    this.pipe = pipe;
  }

  /** Submits an asynchronous call; the returned future is the pipe's. */
  <T> CompletableFuture<T> submit(Supplier<? extends CompletionStage<T>> call) {
    return pipe.pipe().submit(call);
  }

  /**
   * Runs {@code call} on this thread while holding a slot of the pipe: the task handed to the pipe only says
   * "admitted" and returns a stage that this thread completes when the call returns, so the pipe counts, queues
   * and times the call as its own while thread-bound state stays where the caller put it.
   *
   * @throws dev.corral.async.TaskRejectedException if the pipe's queue is full
   * @throws BagpipeTimeoutException                if the call outlived the pipe's timeout
   * @throws CancellationException                  if this thread was interrupted while waiting (flag kept)
   */
  Object runHere(Call call) throws Throwable {
    CompletableFuture<Void> admitted = new CompletableFuture<>();
    CompletableFuture<Void> release = new CompletableFuture<>();
    CompletableFuture<Void> slot = pipe.pipe().submit(() -> {
      admitted.complete(null);
      return release;
    });
    slot.whenComplete((v, e) -> {
      if (e != null) {
        admitted.completeExceptionally(unwrap(e));
      }
    });
    try {
      admitted.get();
    } catch (InterruptedException e) {
      slot.cancel(true);
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while waiting for corral.bagpipe." + pipe.name());
    } catch (ExecutionException e) {
      throw e.getCause();
    }
    Interrupter interrupter = new Interrupter(Thread.currentThread());
    slot.whenComplete((v, e) -> {
      if (unwrap(e) instanceof TaskTimeoutException) {
        interrupter.timedOut();
      }
    });
    Object result;
    try {
      result = call.proceed();
    } catch (Throwable t) {
      release.completeExceptionally(t); // the pipe counts the call as failed
      if (interrupter.finish()) {
        throw t;
      }
      throw timeout(t);
    } finally {
      release.complete(null);
    }
    if (interrupter.finish()) {
      return result;
    }
    throw timeout(null);
  }

  private BagpipeTimeoutException timeout(Throwable cause) {
    return new BagpipeTimeoutException(pipe.name(), pipe.timeout().orElse(Duration.ZERO), cause);
  }

  private static Throwable unwrap(Throwable e) {
    return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
  }

  /**
   * Interrupts the calling thread on a timeout, and clears that interrupt when the call returns, so the thread
   * (a server's pooled thread, often) leaves with no interrupt it did not have. Both sides hold the monitor, so an
   * interrupt is never delivered after the call has finished.
   */
  private static final class Interrupter {
    private final Thread thread;
    private boolean finished; // guarded by this
    private boolean timedOut; // guarded by this

    Interrupter(Thread thread) {
      this.thread = thread;
    }

    synchronized void timedOut() {
      if (!finished && !timedOut) {
        timedOut = true;
        thread.interrupt();
      }
    }

    /** Marks the call finished; false if it had timed out (the interrupt is then cleared). */
    synchronized boolean finish() {
      if (!finished) {
        finished = true;
        if (timedOut) {
          Thread.interrupted();
        }
      }
      return !timedOut;
    }
  }
}
