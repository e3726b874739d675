package dev.corral.gate.limit;

import dev.corral.gate.config.ZoneBackend;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The Redis connections of one gate, one per backend URL, kept across reloads while a zone names them. Lettuce's
 * threads (one for I/O, one for its timers) start with the first backend and stop with {@link #close()}.
 *
 * <p>Thread-safe.
 */
final class RedisLinks implements AutoCloseable {
  /** How soon Lettuce reconnects after a connection drops (its default backs off to 30 s). */
  private static final Duration RECONNECT = Duration.ofMillis(200);

  private final Map<String, RedisLink> links = new HashMap<>();
  private ClientResources resources;
  /** Renews the leases of the Redis connection zones' slots; one daemon thread, started on first use. */
  private ScheduledThreadPoolExecutor renewals;

  /** The scheduler that renews Redis {@code limit_conn} slots. */
  synchronized ScheduledExecutorService renewals() {
    if (renewals == null) {
      renewals = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "corral-gate-redis-leases");
        t.setDaemon(true);
        return t;
      });
      renewals.setRemoveOnCancelPolicy(true);
    }
    return renewals;
  }

  /** The link to {@code backend}'s Redis, connecting in the background when new. */
  synchronized RedisLink link(ZoneBackend backend) {
    RedisLink link = links.get(backend.url());
    if (link == null) {
      if (resources == null) {
        // Lettuce picks a native transport itself, and with both epoll and io_uring on the gate's class path it
        // pairs an io_uring event loop with epoll channels ("incompatible event loop type"): one connection per
        // Redis needs no native transport, so Lettuce uses NIO (unless the user chose otherwise).
        for (String transport : new String[] {"io.lettuce.core.epoll", "io.lettuce.core.iouring",
            "io.lettuce.core.kqueue"}) {
          if (System.getProperty(transport) == null) {
            System.setProperty(transport, "false");
          }
        }
        resources = ClientResources.builder().ioThreadPoolSize(1).computationThreadPoolSize(1)
            .reconnectDelay(Delay.constant(RECONNECT)).build();
      }
      link = new RedisLink(backend.url(), backend.host(), backend.port(), backend.database(), resources);
      links.put(backend.url(), link);
    }
    return link;
  }

  /** Closes the links whose URL is not in {@code used}. */
  synchronized void retain(Set<String> used) {
    links.entrySet().removeIf(e -> {
      if (used.contains(e.getKey())) {
        return false;
      }
      e.getValue().close();
      return true;
    });
  }

  @Override
  public synchronized void close() {
    links.values().forEach(RedisLink::close);
    links.clear();
    if (renewals != null) {
      renewals.shutdownNow();
      renewals = null;
    }
    if (resources != null) {
      resources.shutdown(0, 2, TimeUnit.SECONDS);
      resources = null;
    }
  }
}
