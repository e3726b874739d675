package dev.corral.gate.limit;

import dev.corral.limit.Permit;
import java.util.HashMap;

/**
 * One {@code limit_conn_zone} as nginx's ngx_http_limit_conn_module keeps it: one node per key with requests in
 * progress, holding their count, in a table whose room is the zone's SIZE ({@link SlabModel}); a node goes when
 * its last request ends. Nothing is evicted: a key that finds no room is refused ({@link Outcome#NO_ROOM}).
 *
 * <p>A reload that keeps the zone's name, size and key keeps its table, so the requests in progress stay counted.
 *
 * <p>Thread-safe: the table is guarded by its own lock (nginx's zone mutex).
 */
public final class ConnectionZone {
  /** offsetof(ngx_rbtree_node_t, color) + offsetof(ngx_http_limit_conn_node_t, data) on x86-64. */
  static final int NODE_HEADER = 36;
  /** ngx_http_limit_conn_shctx_t (tree and sentinel), allocated from the zone. */
  private static final int SHARED_CONTEXT = 64;

  /** What {@link #acquire} did. */
  public enum Outcome { PASSED, BUSY, NO_ROOM }

  private final String name;
  private final Table table;

  /** The nodes of one zone; shared by the configurations that keep it. */
  static final class Table {
    final String key;
    final long size;
    final SlabModel slab;
    final HashMap<String, int[]> counts = new HashMap<>();

    Table(String name, String key, long size) {
      this.key = key;
      this.size = size;
      this.slab = new SlabModel(size);
      slab.alloc(SHARED_CONTEXT);
      slab.alloc(" in limit_conn_zone \"\"".length() + 1 + name.length());
    }
  }

  ConnectionZone(String name, Table table) {
    this.name = name;
    this.table = table;
  }

  Table table() {
    return table;
  }

  public String name() {
    return name;
  }

  /**
   * Takes a slot of {@code key} if it has fewer than {@code limit} requests in progress; on {@link Outcome#PASSED}
   * {@code slot[0]} is set to the slot, to be closed once when the request ends.
   */
  public Outcome acquire(String key, int limit, Permit[] slot) {
    synchronized (table) {
      int[] count = table.counts.get(key);
      if (count == null) {
        if (!table.slab.alloc(NODE_HEADER + key.length())) {
          return Outcome.NO_ROOM;
        }
        count = new int[1];
        table.counts.put(key, count);
      } else if (count[0] >= limit) {
        return Outcome.BUSY;
      }
      count[0]++;
    }
    slot[0] = new Slot(key);
    return Outcome.PASSED;
  }

  /** Requests of {@code key} in progress. */
  public int inFlight(String key) {
    synchronized (table) {
      int[] count = table.counts.get(key);
      return count == null ? 0 : count[0];
    }
  }

  private void releaseSlot(String key) {
    synchronized (table) {
      int[] count = table.counts.get(key);
      if (count != null && --count[0] == 0) {
        table.counts.remove(key);
        table.slab.free(NODE_HEADER + key.length());
      }
    }
  }

  /** One request's slot; released once, however often it is closed. */
  private final class Slot implements Permit {
    private final String key;
    private boolean released;

    Slot(String key) {
      this.key = key;
    }

    @Override
    public void onSuccess() {
      if (!released) {
        released = true;
        releaseSlot(key);
      }
    }
  }
}
