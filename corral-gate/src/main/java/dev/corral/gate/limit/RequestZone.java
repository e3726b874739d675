package dev.corral.gate.limit;

import dev.corral.limit.Ticker;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One {@code limit_req_zone} as nginx's ngx_http_limit_req_module keeps it: one node per key (excess in
 * milli-requests, last request in milliseconds) in a table whose room is the zone's SIZE ({@link SlabModel});
 * nodes are kept in least-recently-used order. A new key first drops up to two old nodes that are idle for a
 * minute and drained; if the zone still has no room, the oldest node is dropped by force (nginx's
 * {@code ngx_http_limit_req_expire}); if there is still none, the key cannot be counted ({@link #NO_ROOM}).
 *
 * <p>The arithmetic is nginx's, the same as corral-limit's {@code LimitReq}: {@code excess = max(0, excess -
 * rate × ms / 1000 + 1000)} with nginx's clamps of {@code ms}. The burst and delay belong to each {@code
 * limit_req} line, not to the zone, so every line naming the zone shares its nodes, as in nginx.
 *
 * <p>A reload that keeps the zone's name, size and key keeps its table ({@link #withRate}); the new rate then
 * applies to the kept nodes.
 *
 * <p>Thread-safe: the table is guarded by its own lock (nginx's zone mutex), held for one lookup.
 */
public final class RequestZone {
  /** {@link #excess} and {@link #account}: the zone has no room for a new key. */
  public static final long NO_ROOM = -1;
  /** offsetof(ngx_rbtree_node_t, color) + offsetof(ngx_http_limit_req_node_t, data) on x86-64. */
  static final int NODE_HEADER = 80;
  /** ngx_http_limit_req_shctx_t, allocated from the zone. */
  private static final int SHARED_CONTEXT = 80;
  private static final long NEW = Long.MIN_VALUE;
  private static final long IDLE_MS = 60_000;

  private final String name;
  private final long rateMr;
  private final Table table;
  private final Ticker ticker;

  /** The nodes of one zone; shared by the configurations that keep it. */
  static final class Table {
    final String key;
    final long size;
    final SlabModel slab;
    final LinkedHashMap<String, Node> nodes = new LinkedHashMap<>(64, 0.75f, true);

    Table(String name, String key, long size) {
      this.key = key;
      this.size = size;
      this.slab = new SlabModel(size);
      slab.alloc(SHARED_CONTEXT);
      slab.alloc(" in limit_req zone \"\"".length() + 1 + name.length());
    }
  }

  private static final class Node {
    final int bytes;
    long excess;
    long lastMs = NEW;

    Node(int bytes) {
      this.bytes = bytes;
    }
  }

  RequestZone(String name, long rateMr, Table table, Ticker ticker) {
    this.name = name;
    this.rateMr = rateMr;
    this.table = table;
    this.ticker = ticker;
  }

  /** This zone's table with another rate (a reload that changed only the rate). */
  RequestZone withRate(long rate) {
    return new RequestZone(name, rate, table, ticker);
  }

  Table table() {
    return table;
  }

  public String name() {
    return name;
  }

  /** nginx's {@code ctx->rate}: milli-requests per second. */
  public long rateMilliRequests() {
    return rateMr;
  }

  /** The ticker's time in milliseconds (nginx's {@code ngx_current_msec}). */
  public long nowMs() {
    return Math.floorDiv(ticker.read(), 1_000_000L);
  }

  /**
   * The excess one more request of {@code key} would have now, without counting it (0 for a new key, whose node
   * is created), or {@link #NO_ROOM}.
   */
  public long excess(String key, long nowMs) {
    synchronized (table) {
      Node node = table.nodes.get(key);
      if (node == null) {
        return create(key, nowMs) == null ? NO_ROOM : 0;
      }
      return next(node, nowMs);
    }
  }

  /**
   * Counts a request of {@code key} if its excess stays within {@code burstMr}: returns that excess (stored), or
   * the excess it would have had if above {@code burstMr} (nothing stored: nginx does not count refusals), or
   * {@link #NO_ROOM}.
   */
  public long account(String key, long burstMr, long nowMs) {
    synchronized (table) {
      Node node = table.nodes.get(key);
      if (node == null) {
        node = create(key, nowMs);
        if (node == null) {
          return NO_ROOM;
        }
      }
      if (node.lastMs == NEW) {
        node.excess = 0;
        node.lastMs = nowMs;
        return 0;
      }
      long ms = elapsed(node, nowMs);
      long excess = node.excess - decay(ms) + 1000;
      if (excess < 0) {
        excess = 0;
      }
      if (excess > burstMr) {
        return excess;
      }
      node.excess = excess;
      if (ms != 0) {
        node.lastMs = nowMs;
      }
      return excess;
    }
  }

  /** Keys held now. */
  public int size() {
    synchronized (table) {
      return table.nodes.size();
    }
  }

  private long next(Node node, long nowMs) {
    if (node.lastMs == NEW) {
      return 0;
    }
    long excess = node.excess - decay(elapsed(node, nowMs)) + 1000;
    return excess < 0 ? 0 : excess;
  }

  private static long elapsed(Node node, long nowMs) {
    long ms = nowMs - node.lastMs;
    if (ms < -60000) {
      return 1;
    }
    return ms < 0 ? 0 : ms;
  }

  /** {@code rate × ms / 1000}, saturated for absurd gaps. */
  private long decay(long ms) {
    return ms > Long.MAX_VALUE / 4 / rateMr ? Long.MAX_VALUE / 4 : rateMr * ms / 1000;
  }

  private Node create(String key, long nowMs) {
    int bytes = NODE_HEADER + key.length();
    expire(1, nowMs);
    if (!table.slab.alloc(bytes)) {
      expire(0, nowMs);
      if (!table.slab.alloc(bytes)) {
        return null;
      }
    }
    Node node = new Node(bytes);
    table.nodes.put(key, node);
    return node;
  }

  /**
   * nginx's expiry from the least recently used end: with {@code n == 1} up to two nodes idle for a minute and
   * drained; with {@code n == 0} the oldest node by force, then up to two such nodes.
   */
  private void expire(int n, long nowMs) {
    Iterator<Map.Entry<String, Node>> oldest = table.nodes.entrySet().iterator();
    while (n < 3 && oldest.hasNext()) {
      Node node = oldest.next().getValue();
      if (n++ != 0 && node.lastMs != NEW) {
        long ms = Math.abs(nowMs - node.lastMs);
        if (ms < IDLE_MS || node.excess - decay(ms) > 0) {
          return;
        }
      }
      oldest.remove();
      table.slab.free(node.bytes);
    }
  }
}
