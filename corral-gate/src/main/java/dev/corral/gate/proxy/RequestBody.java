package dev.corral.gate.proxy;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.ArrayDeque;

/**
 * The request body on its way upstream, across tries: content that arrived while no upstream connection was ready
 * is held; content sent is copied into a {@link ReplayBuffer} so that the next try can send it again. Counts the
 * bytes against {@code client_max_body_size}.
 *
 * <p>Confined to the client connection's event loop, like the {@link ProxyCall} that owns it.
 */
final class RequestBody {
  /** Created on first use: most requests have no body, or one that never waits. */
  private ArrayDeque<HttpContent> held;
  private final ReplayBuffer replay = new ReplayBuffer();
  private final long maxBytes;
  private long bytes;
  private boolean complete;
  /** Whether body bytes were sent to some upstream (a retry then needs a full replay copy). */
  private boolean streamed;

  /** @param maxBytes {@code client_max_body_size}, 0 for no limit */
  RequestBody(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /**
   * Counts {@code content} as received.
   *
   * @return false, with the content released, if the body now exceeds the limit
   */
  boolean receive(HttpContent content) {
    bytes += content.content().readableBytes();
    if (maxBytes > 0 && bytes > maxBytes) {
      content.release();
      return false;
    }
    if (content instanceof LastHttpContent) {
      complete = true;
    }
    return true;
  }

  /** Holds content until an upstream connection is ready. */
  void hold(HttpContent content) {
    if (held == null) {
      held = new ArrayDeque<>(4);
    }
    held.add(content);
  }

  /** Writes (without flushing) {@code content} to the upstream, keeping a copy for a retry. */
  void send(Channel upstream, HttpContent content) {
    if (content.content().isReadable()) {
      streamed = true;
    }
    replay.keep(content);
    upstream.write(content, upstream.voidPromise());
  }

  /**
   * Writes (without flushing) what a new try must send after the request head: the copies of what the previous
   * tries sent, the end of the body if it went out uncopied, then what was held.
   */
  void sendForNewTry(Channel upstream) {
    boolean endWritten = replay.writeTo(upstream);
    if (complete && allSent() && !endWritten) {
      // A retry of a bodyless request whose end went to the previous peer uncopied.
      upstream.write(LastHttpContent.EMPTY_LAST_CONTENT, upstream.voidPromise());
    }
    HttpContent c;
    while (held != null && (c = held.poll()) != null) {
      send(upstream, c);
    }
  }

  /** Whether the whole body was received from the client. */
  boolean complete() {
    return complete;
  }

  /** Whether nothing is held back from the upstream. */
  boolean allSent() {
    return held == null || held.isEmpty();
  }

  /** Whether the request can be sent again with its body. */
  boolean replayable() {
    return !streamed || replay.replayable();
  }

  /** Releases the copies for retries (the response is complete). */
  void dropCopies() {
    replay.release();
  }

  /** Releases everything held or copied. */
  void release() {
    replay.release();
    HttpContent c;
    while (held != null && (c = held.poll()) != null) {
      c.release();
    }
  }
}
