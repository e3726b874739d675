package dev.corral.gate.http;

import io.netty.handler.codec.http.HttpContent;

/**
 * A content handler's exchange that outlives its {@link ContentHandler#serve} call and reads the request body (a
 * {@code proxy_pass} to an upstream): the {@link FrontendHandler} hands it the client's body, its timer ticks and
 * the client's writability, and tells it when the client is gone. Handed over with
 * {@link FrontendHandler#startCall}; it answers through the frontend and lets go with
 * {@link FrontendHandler#responseFinished}, {@link FrontendHandler#abortConnection} or
 * {@link FrontendHandler#failRequest}.
 *
 * <p>Confined to the client connection's event loop.
 */
public interface UpstreamCall {
  /** Starts the exchange (the first try). */
  void start();

  /**
   * The body this call sends instead of the client's (whose content the frontend then reads and drops), or null
   * when it sends the client's.
   */
  HttpContent ownBody();

  /** A part of the request body from the client; the call owns (and releases) it. */
  void onRequestContent(HttpContent content);

  /**
   * The connection's timer fired at {@code now} ({@link System#nanoTime()}): acts on an expired deadline of its own.
   *
   * @return the next time this call needs a check, or {@link Long#MAX_VALUE} for none
   */
  long checkTimeouts(long now);

  /** The client connection became writable again. */
  void onClientWritable();

  /** The client went away or sent a bad body: drops the upstream side without judging the peer. */
  void abortTry();
}
