package dev.corral.gate.http;

import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;

/**
 * Pipelined messages of one client connection: what arrives while a request is still being answered waits here,
 * in order, with reading paused, and is dispatched when the connection asks for its next message. While the queue
 * is being dispatched, a request for more is remembered and served when the queue runs dry (no recursion).
 *
 * <p>Confined to the connection's event loop.
 */
final class PipelineQueue {
  /** The connection the queue serves. */
  interface Connection {
    /** Handles one message as if it had just been read. */
    void dispatch(Object msg);

    /** Whether the connection waits for the head of a new request. */
    boolean awaitingRequest();

    /** Whether the connection is closing (nothing more is dispatched). */
    boolean closing();

    /** Resumes reading from the socket. */
    void resumeReading();
  }

  private final ArrayDeque<Object> held = new ArrayDeque<>();
  private final Connection connection;
  /** True while held messages are being dispatched; reads requested meanwhile are deferred. */
  private boolean dispatching;
  private boolean readRequested;

  PipelineQueue(Connection connection) {
    this.connection = connection;
  }

  boolean isEmpty() {
    return held.isEmpty();
  }

  /** Holds a message that must be read again before every held one (the body part of a suspended request). */
  void holdFirst(Object msg) {
    held.addFirst(msg);
  }

  /** Holds a message read ahead of its turn. */
  void hold(Object msg) {
    held.add(msg);
  }

  /** Asks for the next message: from the queue if any, else from the socket. */
  void readNext() {
    if (dispatching) {
      readRequested = true;
    } else if (!held.isEmpty()) {
      dispatchHeld();
    } else {
      connection.resumeReading();
    }
  }

  private void dispatchHeld() {
    dispatching = true;
    readRequested = true;
    try {
      while (!held.isEmpty() && !connection.closing() && (connection.awaitingRequest() || readRequested)) {
        readRequested = false;
        connection.dispatch(held.poll());
      }
    } finally {
      dispatching = false;
    }
    if (!connection.closing() && held.isEmpty() && (readRequested || connection.awaitingRequest())) {
      readRequested = false;
      connection.resumeReading();
    }
  }

  /** Releases every held message (the connection closed or became a tunnel). */
  void releaseAll() {
    Object msg;
    while ((msg = held.poll()) != null) {
      ReferenceCountUtil.release(msg);
    }
  }
}
