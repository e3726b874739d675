package dev.corral.gate.http;

import dev.corral.gate.config.ProxySettings;
import java.util.concurrent.TimeUnit;

/**
 * The client-side deadlines of one connection, on {@link System#nanoTime()}: idle (the header timeout before the
 * first request, then {@code keepalive_timeout}), {@code client_body_timeout} between two reads of a body, and
 * {@code send_timeout} while the connection is not writable. It schedules nothing: the
 * {@link ConnectionTimer}'s owner asks {@link #check} when the timer fires.
 *
 * <p>Confined to the connection's event loop.
 */
final class ClientDeadlines {
  /** Which deadline passed. */
  enum Expiry {
    NONE,
    IDLE,
    BODY,
    SEND
  }

  /** When an idle connection times out; 0 when not idle. */
  private long idleDeadline;
  /** When the client was last read from; 0 before the first read. */
  private long lastReadNanos;
  /** Since when the connection has not been writable; 0 when writable. */
  private long unwritableSinceNanos;
  private long next = Long.MAX_VALUE;

  /** @return the idle deadline, {@code millis} from now */
  long idle(long millis) {
    idleDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    return idleDeadline;
  }

  /** A request started: the connection is not idle. */
  void busy() {
    idleDeadline = 0;
  }

  void read(long now) {
    lastReadNanos = now;
  }

  long lastRead() {
    return lastReadNanos;
  }

  /** @return the send deadline */
  long unwritable(long now, long sendTimeoutNanos) {
    unwritableSinceNanos = now;
    return now + sendTimeoutNanos;
  }

  void writable() {
    unwritableSinceNanos = 0;
  }

  /**
   * Checks the deadlines that apply now and remembers the earliest one still ahead ({@link #next}).
   *
   * @param idle whether the connection waits for a request
   * @param request the settings of the request in progress, null if none
   * @param readingBody whether the body is being read and only the client is waited for
   */
  Expiry check(long now, boolean idle, ProxySettings request, boolean readingBody) {
    next = Long.MAX_VALUE;
    if (idle && idleDeadline != 0) {
      if (now - idleDeadline >= 0) {
        return Expiry.IDLE;
      }
      next = idleDeadline;
    }
    if (request == null) {
      return Expiry.NONE;
    }
    if (readingBody && lastReadNanos != 0) {
      long deadline = lastReadNanos + request.clientBodyTimeout().toNanos();
      if (now - deadline >= 0) {
        return Expiry.BODY;
      }
      next = ConnectionTimer.earlier(next, deadline);
    }
    if (unwritableSinceNanos != 0) {
      long deadline = unwritableSinceNanos + request.clientSendTimeout().toNanos();
      if (now - deadline >= 0) {
        return Expiry.SEND;
      }
      next = ConnectionTimer.earlier(next, deadline);
    }
    return Expiry.NONE;
  }

  /** The earliest deadline ahead after the last {@link #check}, or {@link Long#MAX_VALUE}. */
  long next() {
    return next;
  }
}
