package dev.corral.async;

import java.util.function.Consumer;

/**
 * Delivers a {@link Bagpipe}'s events to its {@link BagpipeListener}, dropping whatever the listener throws: a
 * faulty listener must not corrupt the pipe's accounting, and its own failure is its own to report.
 */
final class SafeListener {
  private final BagpipeListener listener;

  SafeListener(BagpipeListener listener) {
    this.listener = listener;
  }

  void full(int queued) {
    deliver(l -> l.onFull(queued));
  }

  void saturated() {
    deliver(BagpipeListener::onSaturated);
  }

  void unsaturated() {
    deliver(BagpipeListener::onUnsaturated);
  }

  void empty() {
    deliver(BagpipeListener::onEmpty);
  }

  void dequeued(long waitedNanos) {
    deliver(l -> l.onDequeued(waitedNanos));
  }

  void drain() {
    deliver(BagpipeListener::onDrain);
  }

  void error(Throwable error) {
    deliver(l -> l.onError(error));
  }

  private void deliver(Consumer<BagpipeListener> event) {
    try {
      event.accept(listener);
    } catch (RuntimeException ignored) {
      // Dropped on purpose; see the class comment.
    }
  }
}
