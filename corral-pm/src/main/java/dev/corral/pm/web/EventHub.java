package dev.corral.pm.web;

import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fans the sampler's events out to the pages following {@code /api/events}. Each subscriber has a small bounded
 * queue; a subscriber that falls that far behind (a stalled tab) is dropped rather than slowing the sampler or
 * holding memory, and its page reconnects and reloads the state.
 *
 * <p>Thread-safe: the sampler publishes, each connection's thread takes from its own queue.
 */
final class EventHub {
  /** Events a subscriber may be behind before it is dropped. */
  static final int QUEUE = 64;

  /** One subscriber's queue; {@link #closed} is set when it was dropped. */
  static final class Subscription {
    final BlockingQueue<String> events = new ArrayBlockingQueue<>(QUEUE);
    volatile boolean closed;
  }

  private final Set<Subscription> subscribers = ConcurrentHashMap.newKeySet();

  Subscription subscribe() {
    Subscription s = new Subscription();
    subscribers.add(s);
    return s;
  }

  void unsubscribe(Subscription s) {
    s.closed = true;
    subscribers.remove(s);
  }

  /** Queues one server-sent event (its {@code event:} and {@code data:} lines) for every subscriber. */
  void publish(String event, String json) {
    String frame = "event: " + event + "\ndata: " + json.replace("\n", "\ndata: ") + "\n\n";
    for (Subscription s : subscribers) {
      if (!s.events.offer(frame)) {
        unsubscribe(s);
      }
    }
  }

  int size() {
    return subscribers.size();
  }
}
