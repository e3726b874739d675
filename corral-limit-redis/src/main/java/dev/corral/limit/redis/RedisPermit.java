package dev.corral.limit.redis;

import dev.corral.limit.Permit;
import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A permit held in Redis (one lease entry). Releasing sends one release script without waiting for it; a failed
 * release is logged and the lease runs out on its own. While held, the limiter's {@link LeaseRenewer} (if it renews)
 * keeps the lease alive. Idempotent and thread-safe.
 */
final class RedisPermit implements Permit {

  private static final System.Logger LOG = System.getLogger(RedisPermit.class.getName());

  private final ScriptRunner runner;
  private final LeaseRenewer renewer;
  private final String key;
  private final String leaseId;
  private final AtomicBoolean released = new AtomicBoolean();
  /** Set once Redis reported the lease gone before it was released (it ran out). */
  private volatile boolean lost;

  RedisPermit(ScriptRunner runner, LeaseRenewer renewer, String key, String leaseId) {
    this.runner = runner;
    this.renewer = renewer;
    this.key = key;
    this.leaseId = leaseId;
  }

  String key() {
    return key;
  }

  String leaseId() {
    return leaseId;
  }

  void markLost() {
    lost = true;
  }

  @Override
  public void onSuccess() {
    if (released.compareAndSet(false, true)) {
      renewer.forget(this);
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
    return "RedisPermit[" + key + " " + leaseId + (released.get() ? ", released]" : lost ? ", lease lost]" : "]");
  }
}
