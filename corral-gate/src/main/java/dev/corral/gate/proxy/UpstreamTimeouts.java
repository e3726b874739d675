package dev.corral.gate.proxy;

/**
 * The two upstream timeouts of one try, as deadlines on {@link System#nanoTime()}: {@code proxy_read_timeout} (the
 * time between two reads from the upstream, watched once the request is sent) and {@code proxy_send_timeout} (how
 * long the upstream connection may stay unwritable while the body is sent). It schedules nothing: the owner checks
 * {@link #expired} when the connection's single timer fires and re-arms it at {@link #nextDeadline}.
 *
 * <p>Confined to the client connection's event loop.
 */
final class UpstreamTimeouts {
  /** Which timeout expired. */
  enum Expiry {
    NONE,
    SEND,
    READ
  }

  private final long readTimeoutNanos;
  private final long sendTimeoutNanos;
  private boolean readWatched;
  private long lastReadNanos;
  /** Since when the upstream connection has not been writable; 0 when writable. */
  private long unwritableSinceNanos;

  UpstreamTimeouts(long readTimeoutNanos, long sendTimeoutNanos) {
    this.readTimeoutNanos = readTimeoutNanos;
    this.sendTimeoutNanos = sendTimeoutNanos;
  }

  /**
   * Starts watching the read timeout from {@code now}.
   *
   * @return the deadline to arm, or 0 if it was already watched
   */
  long watchReads(long now) {
    if (readWatched) {
      return 0;
    }
    readWatched = true;
    lastReadNanos = now;
    return now + readTimeoutNanos;
  }

  /** Something was read from the upstream: the read deadline moves. */
  void read(long now) {
    lastReadNanos = now;
  }

  /** Stops watching reads (the try ended). */
  void stopReads() {
    readWatched = false;
  }

  /**
   * The upstream connection became unwritable.
   *
   * @return the send deadline to arm
   */
  long unwritable(long now) {
    unwritableSinceNanos = now;
    return now + sendTimeoutNanos;
  }

  void writable() {
    unwritableSinceNanos = 0;
  }

  /** Which deadline has passed at {@code now}; an expiry stops the read watch. */
  Expiry expired(long now) {
    if (unwritableSinceNanos != 0 && now - (unwritableSinceNanos + sendTimeoutNanos) >= 0) {
      readWatched = false;
      return Expiry.SEND;
    }
    if (readWatched && now - (lastReadNanos + readTimeoutNanos) >= 0) {
      readWatched = false;
      return Expiry.READ;
    }
    return Expiry.NONE;
  }

  /** The next deadline to check, or {@link Long#MAX_VALUE} for none; call after {@link #expired} said NONE. */
  long nextDeadline() {
    if (unwritableSinceNanos != 0 && !readWatched) {
      return unwritableSinceNanos + sendTimeoutNanos;
    }
    return readWatched ? lastReadNanos + readTimeoutNanos : Long.MAX_VALUE;
  }
}
