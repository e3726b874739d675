package dev.corral.gate.http;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters of nginx's {@code stub_status}, kept by every client connection of a running gate: connections
 * accepted and handled (accepted minus those closed at once for {@code worker_connections}), requests, and the
 * connections with a request in progress. Thread-safe; the connections of all event loops update it.
 */
public final class StubStatus {
  public final LongAdder accepted = new LongAdder();
  public final LongAdder handled = new LongAdder();
  public final LongAdder requests = new LongAdder();
  /** Connections whose request is being processed (nginx's Writing). */
  public final AtomicInteger writing = new AtomicInteger();

  /**
   * nginx's text for {@code active} open connections. Reading is 0: the gate sees a request only once its head is
   * complete, so a connection reading one counts as waiting.
   */
  String render(int active) {
    int w = writing.get();
    return "Active connections: " + active + " \n"
        + "server accepts handled requests\n"
        + " " + accepted.sum() + " " + handled.sum() + " " + requests.sum() + " \n"
        + "Reading: 0 Writing: " + w + " Waiting: " + Math.max(0, active - w) + " \n";
  }
}
