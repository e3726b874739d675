package dev.corral.pm.cluster;

import dev.corral.gate.admin.GateAdminClient;
import dev.corral.gate.admin.GateAdminException;
import dev.corral.gate.admin.ServerView;
import dev.corral.pm.process.ClusterFront;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * The front of one cluster-mode app: drives its gate's upstream (named after the app) through the gate's admin
 * socket. Calls return at once; the admin requests run in call order on one virtual thread of this front's own,
 * so the supervisor loop never waits on the gate and a slow drain of one app never delays another's.
 *
 * <p>A request that fails (the gate is starting, restarting or gone) is reported to the events and dropped: the
 * supervisor calls {@link #reconcile} whenever the gate comes online, which makes the pool right again.
 *
 * <p>Thread-safety: the public methods may be called from any thread.
 */
final class GateFront implements ClusterFront {
  private static final long POLL_MS = 20;
  /** How long {@link #reconcile} waits for the admin socket of a gate that has just started listening. */
  private static final long ADMIN_WAIT_MS = 10_000;

  private final String upstream;
  private final GateAdminClient admin;
  private final Consumer<String> events;
  private final ExecutorService serial;
  private final Runnable onClose;

  /** @param onClose runs once when the front is closed (its owner forgets it) */
  GateFront(String app, GateAdminClient admin, Consumer<String> events, Runnable onClose) {
    this.upstream = app;
    this.admin = admin;
    this.events = events;
    this.onClose = onClose;
    this.serial = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("corral-front-" + app).factory());
  }

  @Override
  public void join(String address) {
    run("add " + address, () -> {
      try {
        admin.addServer(upstream, address, 1);
      } catch (GateAdminException e) {
        if (e.status() != 409) { // 409: a member already (a reconcile put it there first)
          throw e;
        }
      }
      events.accept(upstream + ": gate: " + address + " joined");
    });
  }

  @Override
  public void leave(String address) {
    run("remove " + address, () -> {
      if (admin.removeServer(upstream, address)) {
        events.accept(upstream + ": gate: " + address + " left");
      }
    });
  }

  @Override
  public CompletableFuture<Void> drain(String address, Duration max) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    boolean queued = run("drain " + address, () -> {
      try {
        admin.drain(upstream, address);
        long deadline = System.nanoTime() + max.toNanos();
        int active = active(address);
        while (active > 0 && System.nanoTime() < deadline) {
          Thread.sleep(POLL_MS);
          active = active(address);
        }
        events.accept(upstream + ": gate: " + address + " drained" + (active > 0 ? " (" + active
            + " requests still in flight after " + max.toMillis() + " ms)" : ""));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        done.complete(null);
      }
    });
    if (!queued) {
      done.complete(null);
    }
    return done;
  }

  @Override
  public void reconcile(Set<String> addresses) {
    Set<String> wanted = Set.copyOf(addresses);
    run("reconcile", () -> {
      long deadline = System.nanoTime() + ADMIN_WAIT_MS * 1_000_000;
      while (true) {
        try {
          apply(wanted);
          return;
        } catch (GateAdminException e) {
          if (System.nanoTime() > deadline) {
            throw e;
          }
          try {
            Thread.sleep(100);
          } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      }
    });
  }

  private void apply(Set<String> wanted) {
    Set<String> present = new HashSet<>();
    for (ServerView server : admin.upstream(upstream).servers()) {
      present.add(server.address());
      if (!wanted.contains(server.address())) {
        admin.removeServer(upstream, server.address());
      } else if (server.draining()) {
        admin.undrain(upstream, server.address());
      }
    }
    for (String address : wanted) {
      if (!present.contains(address)) {
        admin.addServer(upstream, address, 1);
      }
    }
    events.accept(upstream + ": gate: pool is " + new java.util.TreeSet<>(wanted));
  }

  private int active(String address) {
    return admin.upstream(upstream).servers().stream().filter(s -> s.address().equals(address))
        .mapToInt(ServerView::active).sum();
  }

  @Override
  public void close() {
    serial.shutdown();
    onClose.run();
  }

  /** Queues an admin request; false if the front is closed. */
  private boolean run(String what, Runnable request) {
    try {
      serial.execute(() -> {
        try {
          request.run();
        } catch (GateAdminException | java.io.UncheckedIOException e) {
          events.accept(upstream + ": gate: " + what + " failed: " + e.getMessage()
              + " (the pool is set again when the gate is back)");
        }
      });
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }
}
