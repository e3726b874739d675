package dev.corral.gate.proxy;

/**
 * A running gate's client-connection counts, as {@code stub_status} shows them, read one after another (each is
 * exact; together they may be a moment apart).
 *
 * @param active open client connections
 * @param reading connections reading a request head (nginx's Reading; 0, see {@code StubStatus})
 * @param writing connections with a request in progress (nginx's Writing)
 * @param accepted connections accepted since start
 * @param handled connections handled since start (accepted less those closed at once for worker_connections)
 * @param requests requests since start
 */
public record ConnectionStats(int active, int reading, int writing, long accepted, long handled, long requests) {
  /** nginx's Waiting: open connections neither reading nor writing. */
  public int waiting() {
    return Math.max(0, active - reading - writing);
  }
}
