package dev.corral.async.flow;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs submitted actions one at a time, in submission order, on whichever thread submits while the loop is idle;
 * an action submitted while another runs (from any thread, or re-entrantly from inside an action) runs after it,
 * on the thread that owns the loop. This gives a queue the single-threaded semantics of an event loop without a
 * thread of its own.
 *
 * <p><b>Happens-before.</b> Each action happens-before the next (ownership passes through {@code wip}'s atomic
 * updates), so state touched only by actions needs no other synchronization.
 *
 * <p>An action that throws does not stop the loop: the exception goes to the running thread's uncaught-exception
 * handler (listeners are user code; the queue must survive a bad one).
 */
final class SerialLoop {
  private final ConcurrentLinkedQueue<Runnable> inbox = new ConcurrentLinkedQueue<>();
  private final AtomicInteger wip = new AtomicInteger();

  void execute(Runnable action) {
    inbox.offer(action);
    if (wip.getAndIncrement() != 0) {
      return;
    }
    int missed = 1;
    do {
      Runnable next;
      while ((next = inbox.poll()) != null) {
        runGuarded(next);
      }
      missed = wip.addAndGet(-missed);
    } while (missed != 0);
  }

  static void runGuarded(Runnable action) {
    try {
      action.run();
    } catch (RuntimeException | Error failure) {
      Thread thread = Thread.currentThread();
      thread.getUncaughtExceptionHandler().uncaughtException(thread, failure);
    }
  }
}
