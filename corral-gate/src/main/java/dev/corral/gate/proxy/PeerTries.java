package dev.corral.gate.proxy;

import dev.corral.gate.http.RequestContext;

import dev.corral.gate.balance.Outcome;
import dev.corral.gate.balance.Peer;
import dev.corral.gate.balance.Selection;
import dev.corral.gate.config.ProxySettings;
import java.util.Optional;

/**
 * The peers one request tries, in order, through the upstream's {@link Selection}: the current peer and whether it
 * is held (taken and not yet released), when its try started, whether it was reached over a cached connection, and
 * the {@code $upstream_addr} / {@code $upstream_status} lists for the log. Every peer taken is released exactly
 * once.
 *
 * <p>Confined to the client connection's event loop.
 */
final class PeerTries {
  private static final String[] STATUS_TEXT = new String[500];

  static {
    for (int i = 0; i < STATUS_TEXT.length; i++) {
      STATUS_TEXT[i] = Integer.toString(100 + i);
    }
  }

  private final Selection selection;
  private final RequestContext ctx;
  private final long nextUpstreamTimeoutNanos;
  private Peer peer;
  /** Whether {@link #peer} is taken from the selection and not yet released. */
  private boolean held;
  private boolean cachedConnection;
  private long startNanos;

  PeerTries(UpstreamRuntime upstream, RequestContext ctx, ProxySettings settings, byte[] clientAddress,
      String hashKey) {
    this.selection = upstream.upstream().newSelection(clientAddress, hashKey, settings.nextUpstreamTries());
    this.ctx = ctx;
    this.nextUpstreamTimeoutNanos = settings.nextUpstreamTimeout().toNanos();
  }

  /** Whether some peer was tried already. */
  boolean triedAny() {
    return peer != null;
  }

  /** Whether {@code proxy_next_upstream_timeout} forbids another try. */
  boolean outOfTime() {
    return nextUpstreamTimeoutNanos > 0 && peer != null
        && System.nanoTime() - ctx.startNanos > nextUpstreamTimeoutNanos;
  }

  /** Takes the next peer, or empty if no try is left or no peer is usable. */
  Optional<Peer> next() {
    Optional<Peer> next = selection.next();
    if (next.isPresent()) {
      peer = next.get();
      held = true;
      cachedConnection = false;
      startNanos = System.nanoTime();
      ctx.upstreamTimes.started(startNanos);
      ctx.upstreamAddr = append(ctx.upstreamAddr, peer.address());
    }
    return next;
  }

  /** The peer of the current (or last) try. */
  Peer peer() {
    return peer;
  }

  boolean held() {
    return held;
  }

  /** Marks the current try as using a pooled keep-alive connection. */
  void usingCachedConnection() {
    cachedConnection = true;
  }

  /** Records the final status and header time of the current try. */
  void responded(int status) {
    long now = System.nanoTime();
    ctx.upstreamHeaderNanos = now - startNanos;
    ctx.upstreamTimes.responded(now);
    ctx.upstreamStatus = append(ctx.upstreamStatus, statusText(status));
  }

  /** Whether another try would be possible after this one. */
  boolean moreTriesLeft() {
    return selection.triesLeft() > 1;
  }

  /** Releases the current peer, if held; a success is released with the try's latency. */
  void release(Outcome outcome) {
    if (held) {
      held = false;
      long now = System.nanoTime();
      ctx.upstreamTimes.ended(now);
      selection.release(outcome, outcome == Outcome.SUCCESS ? now - startNanos : 0);
    }
  }

  /**
   * Releases a failed try; an error on a cached connection gives the try back, as nginx does (the server may
   * just have closed an idle connection).
   */
  void releaseFailed(boolean error) {
    boolean refund = held && cachedConnection && error;
    release(Outcome.FAILURE);
    if (refund) {
      selection.refundTry();
    }
  }

  /** Hands the held peer over to a tunnel: the returned action releases it, with the tunnel's lifetime. */
  Runnable handOver() {
    held = false;
    ctx.upstreamTimes.ended(System.nanoTime());
    Selection sel = selection;
    long start = startNanos;
    return () -> sel.release(Outcome.SUCCESS, System.nanoTime() - start);
  }

  /** The three digits of {@code status}; those of 100–599 are made once, not per request. */
  private static String statusText(int status) {
    return status >= 100 && status < 600 ? STATUS_TEXT[status - 100] : Integer.toString(status);
  }

  /** nginx's comma-separated list of tries, as in {@code $upstream_addr}. */
  private static String append(String list, String value) {
    return list.isEmpty() ? value : list + ", " + value;
  }
}
