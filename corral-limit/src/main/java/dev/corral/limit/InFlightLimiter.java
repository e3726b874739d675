package dev.corral.limit;

import dev.corral.limit.adaptive.AdaptiveLimit;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * A {@link ConcurrencyLimiter}: at most {@link #limit()} permits in flight, with a fixed cap
 * ({@link #of(int)}) or one learned from latency ({@link #adaptive(AdaptiveLimit)}: AIMD, Vegas, Gradient2).
 *
 * <p>{@link #tryAcquire()} is a CAS on the in-flight count. Waiters ({@link #acquire(Duration)},
 * {@link #acquireAsync(Duration)}) queue in arrival order and are handed a permit as one is released (a caller
 * of {@code tryAcquire} may still take a freed permit first: not strictly fair). Blocking waits park the thread
 * (virtual-thread friendly); async waits hold no thread. {@link #tryEnter()}/{@link #exit()} are the raw,
 * allocation-free pair for callers that track release themselves.
 *
 * <p>With an adaptive limit every released permit is a sample: {@code (start, rtt, inflight at start, dropped)},
 * timed on the injected {@link Ticker}.
 */
public final class InFlightLimiter implements ConcurrencyLimiter {

  private static final VarHandle IN_FLIGHT;

  static {
    try {
      IN_FLIGHT = MethodHandles.lookup().findVarHandle(InFlightLimiter.class, "inFlight", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final int fixedLimit;
  private final AdaptiveLimit adaptive;
  private final Ticker ticker;
  private final ConcurrentLinkedQueue<Waiter> waiters = new ConcurrentLinkedQueue<>();
  @SuppressWarnings("unused")
  private volatile int inFlight;

  private InFlightLimiter(int fixedLimit, AdaptiveLimit adaptive, Ticker ticker) {
    if (ticker == null) {
      throw new NullPointerException("ticker");
    }
    this.fixedLimit = fixedLimit;
    this.adaptive = adaptive;
    this.ticker = ticker;
  }

  /** At most {@code limit} in flight. */
  public static InFlightLimiter of(int limit) {
    return of(limit, Ticker.system());
  }

  public static InFlightLimiter of(int limit, Ticker ticker) {
    if (limit < 1) {
      throw LimitConfigException.argument("limit", "at least 1 permit in flight", limit);
    }
    return new InFlightLimiter(limit, null, ticker);
  }

  /** In flight up to a limit learned by {@code limit} from the latency of released permits. */
  public static InFlightLimiter adaptive(AdaptiveLimit limit) {
    return adaptive(limit, Ticker.system());
  }

  public static InFlightLimiter adaptive(AdaptiveLimit limit, Ticker ticker) {
    if (limit == null) {
      throw new NullPointerException("limit");
    }
    return new InFlightLimiter(0, limit, ticker);
  }

  @Override
  public int limit() {
    return adaptive == null ? fixedLimit : Math.max(1, adaptive.limit());
  }

  @Override
  public int inFlight() {
    return inFlight;
  }

  /** Waiters queued in {@link #acquire} / {@link #acquireAsync}. */
  public int queued() {
    return waiters.size();
  }

  // ---- raw pair -----------------------------------------------------------------------------------------------

  /** Takes a slot if below the limit; the caller must {@link #exit()} exactly once. No allocation. */
  public boolean tryEnter() {
    int limit = limit();
    while (true) {
      int cur = inFlight;
      if (cur >= limit) {
        return false;
      }
      if (IN_FLIGHT.weakCompareAndSet(this, cur, cur + 1)) {
        return true;
      }
    }
  }

  /** Releases a slot taken by {@link #tryEnter()} (no latency sample). */
  public void exit() {
    int after = (int) IN_FLIGHT.getAndAdd(this, -1) - 1;
    if (after < 0) {
      IN_FLIGHT.getAndAdd(this, 1);
      throw new IllegalStateException("exit() without a matching tryEnter()");
    }
    if (!waiters.isEmpty()) {
      drain();
    }
  }

  // ---- permits ------------------------------------------------------------------------------------------------

  @Override
  public Permit tryAcquire() {
    return tryEnter() ? new SlotPermit(this, ticker.read(), inFlight) : null;
  }

  @Override
  public Permit acquire(Duration timeout) throws InterruptedException {
    Permit p = tryAcquire();
    if (p != null) {
      return p;
    }
    long timeoutNanos = timeout == null || timeout.isNegative() ? 0 : saturatedNanos(timeout);
    if (timeoutNanos == 0) {
      return null;
    }
    long deadline = ticker.read() + timeoutNanos;
    Waiter w = new Waiter(Thread.currentThread(), null);
    waiters.add(w);
    drain();
    while (true) {
      if (w.state == Waiter.GRANTED) {
        return w.permit;
      }
      long left = deadline - ticker.read();
      if (left <= 0) {
        if (w.cancel()) {
          waiters.remove(w);
          return null;
        }
        return w.permit;
      }
      LockSupport.parkNanos(this, Math.min(left, 50_000_000L));
      if (Thread.interrupted()) {
        if (w.cancel()) {
          waiters.remove(w);
        } else {
          w.permit.onIgnore();
        }
        throw new InterruptedException();
      }
    }
  }

  @Override
  public CompletionStage<Permit> acquireAsync(Duration timeout) {
    Permit p = tryAcquire();
    if (p != null) {
      return CompletableFuture.completedFuture(p);
    }
    long timeoutNanos = timeout == null || timeout.isNegative() ? 0 : saturatedNanos(timeout);
    if (timeoutNanos == 0) {
      return CompletableFuture.failedFuture(timedOut(timeout));
    }
    CompletableFuture<Permit> future = new CompletableFuture<>();
    Waiter w = new Waiter(null, future);
    waiters.add(w);
    drain();
    if (w.state == Waiter.WAITING) {
      CompletableFuture.runAsync(() -> {
        if (w.cancel()) {
          waiters.remove(w);
          future.completeExceptionally(timedOut(timeout));
        }
      }, ticker.delayedExecutor(timeoutNanos));
    }
    // a consumer cancelling the future gives the slot back
    future.whenComplete((permit, error) -> {
      if (future.isCancelled() && !w.cancel() && w.permit != null) {
        w.permit.onIgnore();
      }
    });
    return future;
  }

  private static RateLimitedException timedOut(Duration timeout) {
    return new RateLimitedException("concurrency limit: no permit within " + timeout, 0);
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE / 4;
    }
  }

  /** Hands free slots to queued waiters. */
  private void drain() {
    while (!waiters.isEmpty()) {
      if (!tryEnter()) {
        return;
      }
      Waiter w = waiters.poll();
      if (w == null || !w.grant(new SlotPermit(this, ticker.read(), inFlight))) {
        IN_FLIGHT.getAndAdd(this, -1);
        if (w == null) {
          continue;
        }
      }
    }
  }

  void release(SlotPermit p, int how) {
    long now = ticker.read();
    IN_FLIGHT.getAndAdd(this, -1);
    if (adaptive != null && how != SlotPermit.IGNORED) {
      adaptive.onSample(p.start, now - p.start, p.inflightAtStart, how == SlotPermit.DROPPED);
    }
    if (!waiters.isEmpty()) {
      drain();
    }
  }

  @Override
  public String toString() {
    return "InFlightLimiter[" + inFlight + "/" + limit() + (adaptive != null ? " " + adaptive : "") + "]";
  }

  /** A queued acquirer: a parked thread or a future. */
  private static final class Waiter {
    static final int WAITING = 0;
    static final int GRANTED = 1;
    static final int CANCELLED = 2;
    private static final VarHandle STATE;

    static {
      try {
        STATE = MethodHandles.lookup().findVarHandle(Waiter.class, "state", int.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    final Thread thread;
    final CompletableFuture<Permit> future;
    volatile int state;
    volatile Permit permit;

    Waiter(Thread thread, CompletableFuture<Permit> future) {
      this.thread = thread;
      this.future = future;
    }

    boolean grant(Permit p) {
      permit = p;
      if (!STATE.compareAndSet(this, WAITING, GRANTED)) {
        permit = null;
        return false;
      }
      if (thread != null) {
        LockSupport.unpark(thread);
      } else if (!future.complete(p)) {
        p.onIgnore();
      }
      return true;
    }

    boolean cancel() {
      return STATE.compareAndSet(this, WAITING, CANCELLED);
    }
  }

  /** A released-once permit of this limiter. */
  static final class SlotPermit implements Permit {
    static final int SUCCESS = 1;
    static final int IGNORED = 2;
    static final int DROPPED = 3;
    private static final VarHandle DONE;

    static {
      try {
        DONE = MethodHandles.lookup().findVarHandle(SlotPermit.class, "done", int.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    final InFlightLimiter owner;
    final long start;
    final int inflightAtStart;
    @SuppressWarnings("unused")
    private volatile int done;

    SlotPermit(InFlightLimiter owner, long start, int inflightAtStart) {
      this.owner = owner;
      this.start = start;
      this.inflightAtStart = inflightAtStart;
    }

    private void finish(int how) {
      if (DONE.compareAndSet(this, 0, how)) {
        owner.release(this, how);
      }
    }

    @Override
    public void onSuccess() {
      finish(SUCCESS);
    }

    @Override
    public void onIgnore() {
      finish(IGNORED);
    }

    @Override
    public void onDropped() {
      finish(DROPPED);
    }
  }
}
