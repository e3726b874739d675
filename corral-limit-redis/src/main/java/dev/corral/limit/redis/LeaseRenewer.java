package dev.corral.limit.redis;

import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.async.RedisAdvancedClusterAsyncCommands;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps the leases of the permits a {@link RedisConcurrencyLimiter} holds alive: each {@link #renewNow()} sends the
 * lease ids of every held permit in <b>one</b> renewal script (on a cluster, one per hash slot, since a script's keys
 * must share a slot), which gives each lease still held a fresh expiry. A permit whose lease already ran out is
 * reported lost and no longer renewed; a released permit leaves the set at once.
 *
 * <p>Who calls {@link #renewNow()} is the limiter's business (a task on the injected scheduler). Thread-safe: the
 * held set is concurrent; a renewal and a release may cross, and the script never brings back a released lease.
 * A failed renewal is logged once until one succeeds; the permits stay held and the next round tries again.
 */
final class LeaseRenewer {

  private static final System.Logger LOG = System.getLogger(LeaseRenewer.class.getName());
  /** Lease ids per script call, so one call never grows without bound. */
  private static final int MAX_PER_CALL = 2_000;

  private final String name;
  private final ScriptRunner runner;
  private final boolean cluster;
  private final String leaseMicros;
  private final long timeoutNanos;
  private final Set<RedisPermit> held = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean failing = new AtomicBoolean();

  LeaseRenewer(String name, RedisScriptingAsyncCommands<String, String> commands, ScriptRunner runner,
      long leaseMicros, long timeoutNanos) {
    this.name = name;
    this.runner = runner;
    this.cluster = commands instanceof RedisAdvancedClusterAsyncCommands;
    this.leaseMicros = Long.toString(leaseMicros);
    this.timeoutNanos = timeoutNanos;
  }

  /** Starts renewing {@code permit} until it is {@linkplain #forget released} or lost. */
  void track(RedisPermit permit) {
    held.add(permit);
  }

  /** Stops renewing {@code permit}. */
  void forget(RedisPermit permit) {
    held.remove(permit);
  }

  /** Permits being renewed. */
  int size() {
    return held.size();
  }

  /**
   * Renews every held permit: one script call per slot group (one in all on a standalone server); completes when
   * every call has answered or failed (never exceptionally).
   */
  CompletableFuture<Void> renewNow() {
    if (held.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    List<CompletableFuture<Void>> calls = new ArrayList<>();
    for (List<RedisPermit> group : groups()) {
      calls.add(renew(group));
    }
    return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new));
  }

  private List<List<RedisPermit>> groups() {
    Map<Integer, List<RedisPermit>> bySlot = new LinkedHashMap<>();
    for (RedisPermit permit : held) {
      int group = cluster ? SlotHash.getSlot(permit.key()) : 0;
      bySlot.computeIfAbsent(group, g -> new ArrayList<>()).add(permit);
    }
    List<List<RedisPermit>> groups = new ArrayList<>();
    for (List<RedisPermit> slot : bySlot.values()) {
      for (int from = 0; from < slot.size(); from += MAX_PER_CALL) {
        groups.add(slot.subList(from, Math.min(slot.size(), from + MAX_PER_CALL)));
      }
    }
    return groups;
  }

  private CompletableFuture<Void> renew(List<RedisPermit> group) {
    Map<String, List<RedisPermit>> byKey = new LinkedHashMap<>();
    for (RedisPermit permit : group) {
      byKey.computeIfAbsent(permit.key(), k -> new ArrayList<>()).add(permit);
    }
    String[] keys = byKey.keySet().toArray(String[]::new);
    List<String> args = new ArrayList<>(1 + keys.length + group.size());
    args.add(leaseMicros);
    Map<String, RedisPermit> byId = new LinkedHashMap<>();
    for (List<RedisPermit> permits : byKey.values()) {
      args.add(Integer.toString(permits.size()));
      for (RedisPermit permit : permits) {
        args.add(permit.leaseId());
        byId.put(permit.leaseId(), permit);
      }
    }
    return runner.strings(LuaScript.CONCURRENCY_RENEW, keys, args.toArray(String[]::new))
        .orTimeout(timeoutNanos, TimeUnit.NANOSECONDS)
        .handle((lost, error) -> {
          if (error != null) {
            if (failing.compareAndSet(false, true)) {
              LOG.log(Level.WARNING, "concurrency limiter {0}: renewing {1} leases failed ({2}); retrying each round",
                  name, group.size(), String.valueOf(error));
            }
            return null;
          }
          if (failing.compareAndSet(true, false)) {
            LOG.log(Level.INFO, "concurrency limiter {0}: leases renewed again", name);
          }
          for (String id : lost) {
            RedisPermit permit = byId.get(id);
            if (permit != null && held.remove(permit)) {
              permit.markLost();
            }
          }
          return null;
        });
  }
}
