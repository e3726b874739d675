package dev.corral.pm.process;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The balancer in front of one cluster-mode app's instances (its gate), as the supervisor drives it: instances
 * join the pool once ready, leave it when they stop or crash, and are drained before a planned stop.
 * Implementations live outside this package (corral-pm's {@code cluster} package drives a real gate), so the
 * process layer does not depend on the gate.
 *
 * <p>Thread-safety: called on the supervisor loop; calls must not block it, and their effects must be applied in
 * the order of the calls. Failures (the gate is restarting) are reported through the supervisor's events, not
 * thrown: the next {@link #reconcile} repairs the pool.
 */
public interface ClusterFront {
  /** An instance serving at {@code address} ({@code 127.0.0.1:port}) is ready: it joins the pool. */
  void join(String address);

  /** An instance left (stopped or crashed): no new requests go to it; in-flight ones finish or are retried. */
  void leave(String address);

  /**
   * Stops new requests to {@code address}, keeping its in-flight requests running.
   *
   * @return completes once they are done or {@code max} has passed, whichever is first; never fails
   */
  CompletableFuture<Void> drain(String address, Duration max);

  /** The gate (re)started or was adopted: makes its pool exactly {@code addresses}. */
  void reconcile(Set<String> addresses);

  /** The app is gone: releases what the front holds (not the gate process, which the supervisor stops). */
  void close();
}
