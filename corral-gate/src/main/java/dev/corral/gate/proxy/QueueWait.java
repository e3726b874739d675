package dev.corral.gate.proxy;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Corral's {@code queue N timeout=T} for one request: a wait in the upstream's queue for a server to be released,
 * up to the queue timeout counted from the first time the request queued. A release wakes the request on its event
 * loop ({@code onWake}); the end of the wait runs {@code onExpired} if the request was still queued.
 *
 * <p>Confined to the client connection's event loop, except the wake-up, which the releasing thread hands to it.
 */
final class QueueWait {
  private final UpstreamRuntime upstream;
  private final EventLoop loop;
  private final Runnable onWake;
  private final Runnable onExpired;
  /** The wake-up registered in the upstream's queue; null when not queued. */
  private Runnable waiter;
  private ScheduledFuture<?> timer;
  /** When the wait ends (a {@link System#nanoTime()} value); 0 until the request first queues. */
  private long deadline;

  QueueWait(UpstreamRuntime upstream, EventLoop loop, Runnable onWake, Runnable onExpired) {
    this.upstream = upstream;
    this.loop = loop;
    this.onWake = onWake;
    this.onExpired = onExpired;
  }

  /**
   * Queues the request.
   *
   * @return false if the queue is full or the wait has expired
   */
  boolean enter() {
    long now = System.nanoTime();
    var queue = upstream.config().queue();
    if (deadline == 0) {
      deadline = now + queue.timeout().toNanos();
    }
    if (now - deadline >= 0) {
      return false;
    }
    Runnable wake = () -> loop.execute(this::woken);
    if (!upstream.upstream().enqueue(wake, queue.size())) {
      return false;
    }
    waiter = wake;
    if (timer == null) {
      timer = loop.schedule(this::expired, deadline - now, TimeUnit.NANOSECONDS);
    }
    return true;
  }

  private void woken() {
    waiter = null;
    onWake.run();
  }

  private void expired() {
    timer = null;
    if (waiter != null && upstream.upstream().dequeue(waiter)) {
      waiter = null;
      onExpired.run();
    }
  }

  /** Leaves the queue and cancels the wait's timer, if any. */
  void leave() {
    if (waiter != null) {
      upstream.upstream().dequeue(waiter);
      waiter = null;
    }
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }
}
