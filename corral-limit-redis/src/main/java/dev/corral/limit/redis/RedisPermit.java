package dev.corral.limit.redis;

import dev.corral.limit.Permit;
import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A permit held in Redis (one lease entry). Releasing sends one release script without waiting for it; a failed
 * release is logged and the lease runs out on its own. Idempotent and thread-safe.
 */
final class RedisPermit implements Permit {

  private static final System.Logger LOG = System.getLogger(RedisPermit.class.getName());

  private final ScriptRunner runner;
  private final String key;
  private final String leaseId;
  private final AtomicBoolean released = new AtomicBoolean();

  RedisPermit(ScriptRunner runner, String key, String leaseId) {
    this.runner = runner;
    this.key = key;
    this.leaseId = leaseId;
  }

  @Override
  public void onSuccess() {
    if (released.compareAndSet(false, true)) {
      runner.integer(LuaScript.CONCURRENCY_RELEASE, new String[] {key}, leaseId).whenComplete((removed, error) -> {
        if (error != null) {
          LOG.log(Level.WARNING, "releasing permit {0} of {1} failed ({2}); its lease will expire instead",
              leaseId, key, String.valueOf(error));
        }
      });
    }
  }

  @Override
  public String toString() {
    return "RedisPermit[" + key + " " + leaseId + (released.get() ? ", released]" : "]");
  }
}
