package dev.corral.gate.proxy;

import io.netty.channel.EventLoop;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Idle keep-alive connections to one upstream's servers, as nginx's {@code keepalive N}: at most {@code capacity}
 * idle connections per event loop (nginx: per worker) for all servers of the group together; the least recently
 * used is closed when a new one would exceed it. The balancer chooses the server first; then an idle connection to
 * that server is reused, most recent first. A connection idle longer than {@code keepalive_timeout} is closed by a
 * sweep: one scheduled task per event loop, due when the oldest idle connection expires, instead of a timer
 * scheduled and cancelled for every request (that was measurable at a few hundred connections).
 *
 * <p>Thread-safety: each event loop has its own sub-pool touched only from that loop; connections are never
 * shared across loops, so a proxied request never hops threads. The map of sub-pools is concurrent.
 */
final class ConnectionPool {
  private final int capacity;
  private final long idleTimeoutNanos;
  private final int maxRequests;
  private final long maxAgeNanos;
  private final Map<EventLoop, LoopPool> pools = new ConcurrentHashMap<>();
  /** Servers drained, down or removed at run time: their connections are closed when released, never cached. */
  private final java.util.Set<String> uncached = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /**
   * @param maxAgeNanos {@code keepalive_time}: a connection older than this is closed when released, never cached
   */
  ConnectionPool(int capacity, long idleTimeoutNanos, int maxRequests, long maxAgeNanos) {
    this.maxAgeNanos = maxAgeNanos;
    this.capacity = capacity;
    this.idleTimeoutNanos = idleTimeoutNanos;
    this.maxRequests = maxRequests;
  }

  /** Requests a connection may carry before it is closed ({@code keepalive_requests}). */
  int maxRequests() {
    return maxRequests;
  }

  /** An idle connection on {@code loop} to {@code address}, most recently used first. Call on {@code loop}. */
  Optional<BackendHandler> acquire(EventLoop loop, String address) {
    LoopPool pool = pools.get(loop);
    return pool == null ? Optional.empty() : pool.acquire(address);
  }

  /**
   * Caches a connection that finished a request cleanly, or closes it if the pool is full or closed, the connection
   * carried {@code keepalive_requests} requests or is older than {@code keepalive_time}.
   */
  void release(BackendHandler connection) {
    if (closed || capacity == 0 || connection.requests() >= maxRequests || !connection.channel().isActive()
        || System.nanoTime() - connection.createdNanos >= maxAgeNanos
        || (!uncached.isEmpty() && uncached.contains(connection.address()))) {
      connection.channel().close();
      return;
    }
    EventLoop loop = connection.channel().eventLoop();
    pools.computeIfAbsent(loop, l -> new LoopPool()).release(connection);
  }

  /** Forgets a connection that closed while idle. Call on its event loop. */
  void remove(BackendHandler connection) {
    LoopPool pool = pools.get(connection.channel().eventLoop());
    if (pool != null) {
      pool.remove(connection);
    }
  }

  /**
   * Stops caching connections to {@code address} and closes its idle ones (on their event loops, soon after this
   * returns): for a server drained or removed at run time, so the instance behind it sees its keep-alive
   * connections go and can exit once its in-flight requests are done. Thread-safe.
   */
  void evict(String address) {
    uncached.add(address);
    for (Map.Entry<EventLoop, LoopPool> e : pools.entrySet()) {
      e.getKey().execute(() -> e.getValue().closeAll(address));
    }
  }

  /** Caches connections to {@code address} again (undrain, up, re-added). Thread-safe. */
  void readmit(String address) {
    uncached.remove(address);
  }

  /** Closes every idle connection; connections released later are closed instead of cached. */
  void close() {
    closed = true;
    for (Map.Entry<EventLoop, LoopPool> e : pools.entrySet()) {
      e.getKey().execute(e.getValue()::closeAll);
    }
  }

  /** One event loop's idle connections. Confined to that loop. */
  private final class LoopPool {
    private final Map<String, ArrayDeque<BackendHandler>> idle = new HashMap<>();
    /** Release order, oldest first; may hold stale entries (reused or closed connections), skipped lazily. */
    private final ArrayDeque<BackendHandler> lru = new ArrayDeque<>();
    private int count;
    /** The pending sweep, due when the oldest idle connection expires; null when none is scheduled. */
    private io.netty.util.concurrent.ScheduledFuture<?> sweep;

    Optional<BackendHandler> acquire(String address) {
      ArrayDeque<BackendHandler> deque = idle.get(address);
      while (deque != null && !deque.isEmpty()) {
        BackendHandler h = deque.pollLast();
        if (h.idleInPool && h.channel().isActive()) {
          h.idleInPool = false;
          count--;
          return Optional.of(h);
        }
      }
      return Optional.empty();
    }

    void release(BackendHandler h) {
      h.idleInPool = true;
      h.idleSinceNanos = System.nanoTime();
      ArrayDeque<BackendHandler> deque = idle.computeIfAbsent(h.address(), a -> new ArrayDeque<>());
      deque.addLast(h);
      lru.addLast(h);
      count++;
      if (sweep == null) {
        sweep = h.channel().eventLoop().schedule(this::sweep, idleTimeoutNanos, TimeUnit.NANOSECONDS);
      }
      while (count > capacity) {
        BackendHandler oldest = lru.pollFirst();
        if (oldest != null && oldest.idleInPool) {
          oldest.idleInPool = false;
          count--;
          oldest.channel().close();
        }
      }
      if (lru.size() > 2 * capacity + 16) {
        lru.removeIf(c -> !c.idleInPool);
      }
      if (deque.size() > 2 * capacity + 16) {
        deque.removeIf(c -> !c.idleInPool);
      }
    }

    /**
     * Closes the connections idle for the keep-alive timeout and re-arms for the oldest one left. Walks the whole
     * release order (at most about twice the capacity, once per timeout period): a connection reused and released
     * again is idle once more under an older position, so the order alone does not say which expires first.
     */
    private void sweep() {
      sweep = null;
      long now = System.nanoTime();
      long next = Long.MAX_VALUE;
      for (var it = lru.iterator(); it.hasNext(); ) {
        BackendHandler h = it.next();
        if (!h.idleInPool) {
          it.remove(); // reused or closed since it was released
        } else if (now - h.idleSinceNanos >= idleTimeoutNanos) {
          it.remove();
          h.idleInPool = false;
          count--;
          h.channel().close();
        } else {
          next = Math.min(next, h.idleSinceNanos + idleTimeoutNanos - now);
        }
      }
      if (next != Long.MAX_VALUE) {
        sweep = lru.peekFirst().channel().eventLoop().schedule(this::sweep, next, TimeUnit.NANOSECONDS);
      }
    }

    void remove(BackendHandler h) {
      if (h.idleInPool) {
        h.idleInPool = false;
        count--;
      }
    }

    void closeAll(String address) {
      ArrayDeque<BackendHandler> deque = idle.remove(address);
      if (deque == null) {
        return;
      }
      for (BackendHandler h : deque) {
        if (h.idleInPool) {
          h.idleInPool = false;
          count--;
          h.channel().close();
        }
      }
    }

    void closeAll() {
      if (sweep != null) {
        sweep.cancel(false);
        sweep = null;
      }
      for (BackendHandler h : lru) {
        if (h.idleInPool) {
          h.idleInPool = false;
          h.channel().close();
        }
      }
      lru.clear();
      idle.clear();
      count = 0;
    }
  }
}
