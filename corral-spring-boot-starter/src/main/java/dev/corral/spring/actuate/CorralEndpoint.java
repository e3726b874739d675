package dev.corral.spring.actuate;

import dev.corral.async.Bagpipe;
import dev.corral.spring.bagpipe.CorralBagpipes;
import dev.corral.spring.bagpipe.NamedBagpipe;
import dev.corral.spring.limit.CorralLimiters;
import dev.corral.spring.limit.NamedLimiter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The Actuator endpoint {@code corral} ({@code GET /actuator/corral} once exposed): every limiter and Bagpipe
 * with its settings and its state right now. Read-only; thread-safe (each value is read once, not as one
 * snapshot).
 */
@Endpoint(id = "corral")
public final class CorralEndpoint {
  private final CorralLimiters limiters;
  private final CorralBagpipes bagpipes;

  /** An endpoint reporting on these registries. */
  public CorralEndpoint(CorralLimiters limiters, CorralBagpipes bagpipes) {
    this.limiters = limiters;
    this.bagpipes = bagpipes;
  }

  /** The whole report. */
  @ReadOperation
  public Report report() {
    Map<String, LimiterState> ls = new LinkedHashMap<>();
    for (NamedLimiter l : limiters.all()) {
      ls.put(l.name(), new LimiterState(l.spec().toString(), l.backend(), l.isKeyed(), l.limit(), l.granted(), l.rejected(),
          l.isKeyed() ? l.keys() : null, l.isKeyed() ? null : l.nanosToWait() / 1_000_000));
    }
    Map<String, BagpipeState> ps = new LinkedHashMap<>();
    for (NamedBagpipe p : bagpipes.all()) {
      Bagpipe pipe = p.pipe();
      Bagpipe.Stats s = pipe.stats();
      ps.put(p.name(), new BagpipeState(pipe.limit(), p.queueLimit().isPresent() ? p.queueLimit().getAsInt() : null,
          p.timeout().map(t -> t.toMillis()).orElse(null), s.active(), s.queued(), s.succeeded(), s.failed(),
          s.timedOut(), s.rejected(), s.cancelled()));
    }
    return new Report(ls, ps);
  }

  /**
   * The endpoint's answer.
   *
   * @param limiters by name
   * @param bagpipes by name
   */
  public record Report(Map<String, LimiterState> limiters, Map<String, BagpipeState> bagpipes) {}

  /**
   * One limiter.
   *
   * @param spec       the canonical spec string
   * @param backend    {@code local} or the Redis URI
   * @param keyed      one limiter per key
   * @param limit      the nominal limit (burst + 1, capacity, permits per window)
   * @param granted    permits granted since start
   * @param rejected   permits refused since start
   * @param keys       keyed only: keys held
   * @param waitMillis single only: milliseconds until the next permit (0 = now)
   */
  public record LimiterState(String spec, String backend, boolean keyed, long limit, long granted, long rejected, Integer keys,
                             Long waitMillis) {}

  /**
   * One Bagpipe.
   *
   * @param limit         the most calls in flight
   * @param queueLimit    the most calls waiting (null: unbounded)
   * @param timeoutMillis the per-call timeout (null: none)
   * @param active        calls holding a slot
   * @param queued        calls waiting
   * @param succeeded     calls completed normally
   * @param failed        calls failed, timed-out ones included
   * @param timedOut      calls stopped by the timeout
   * @param rejected      calls refused because the queue was full
   * @param cancelled     calls cancelled by their caller
   */
  public record BagpipeState(int limit, Integer queueLimit, Long timeoutMillis, int active, int queued,
                             long succeeded, long failed, long timedOut, long rejected, long cancelled) {}
}
