package dev.corral.gate.limit;

import dev.corral.gate.http.RateLimitFields;

import dev.corral.gate.http.FrontendHandler;
import dev.corral.gate.http.RequestContext;
import dev.corral.gate.http.AccessPhase;

import dev.corral.gate.config.LimitSettings;
import dev.corral.gate.config.Template;
import dev.corral.limit.Decision;
import dev.corral.limit.redis.RedisRateLimiter;
import java.util.List;

/**
 * The {@code limit_req} lines of a location whose zones are in Redis (Corral extension): each line is one round
 * trip to its Redis (corral-limit-redis's nginx {@code limit_req} script, on Redis's clock), awaited without
 * blocking the event loop ({@link FrontendHandler#awaitAccess}); a refusal answers {@code limit_req_status}, a
 * delay waits on the connection's timer, and the log lines, {@code $limit_req_status}, dry run and
 * {@code limit_req_headers} are those of the local zones. The excess in the log lines is worked out from the
 * wait Redis answers (to the millisecond), so it may be a few milli-requests above nginx's.
 *
 * <p>Differences from local zones, both from one round trip per decision: the lines are decided one after the
 * other, each counted when it passes (a request refused by a later line was counted by the earlier ones), and
 * the delays are those of each line in turn, not only the longest. While Redis does not answer within the
 * zone's {@code timeout}, its {@code fail=} policy decides, and the error log says so once per outage.
 *
 * <p>Immutable and thread-safe; a request's progress through the lines is in the continuation it waits on.
 */
public final class RedisLimitReqPhase implements AccessPhase {
  private record Line(RedisZone<RedisRateLimiter> zone, Template key, long burstMr, long delayMr, long rateMr) {}

  /** One request's way through the lines. */
  private static final class Progress {
    RateLimitFields fields;
    long maxDelayNanos;
    String delayedBy;
    long delayedExcess;
  }

  private final Line[] lines;
  private final int status;
  private final String logLevel;
  private final String delayLogLevel;
  private final boolean dryRun;
  private final boolean headers;

  public RedisLimitReqPhase(LimitSettings settings, List<LimitSettings.Request> requests,
      List<RedisZone<RedisRateLimiter>> zones) {
    lines = new Line[requests.size()];
    for (int i = 0; i < lines.length; i++) {
      LimitSettings.Request r = requests.get(i);
      lines[i] = new Line(zones.get(i), r.zone().key(), r.burst() * 1000, r.nodelay() ? Long.MAX_VALUE
          : r.delay() * 1000, r.zone().rateMilliRequests());
    }
    status = settings.requestStatus();
    logLevel = settings.requestLogLevel();
    delayLogLevel = LimitReqPhase.lowerLevel(logLevel);
    dryRun = settings.requestDryRun();
    headers = settings.requestHeaders();
  }

  @Override
  public int check(FrontendHandler frontend, RequestContext request) {
    if (!request.limitReqStatus.isEmpty() && request.limitReqPass != request.uriChanges) {
      // Already limited in a location it left by an internal redirect: nginx limits a request once.
      return NEXT;
    }
    request.limitReqPass = request.uriChanges;
    return decideFrom(0, frontend, request, null);
  }

  private int decideFrom(int from, FrontendHandler frontend, RequestContext request, Progress progress) {
    for (int i = from; i < lines.length; i++) {
      Line line = lines[i];
      String key = line.key().render(request);
      if (key.isEmpty()) {
        continue;
      }
      if (key.length() > 65535) {
        frontend.log("error", "the value of the \"" + line.key() + "\" key is more than 65535 bytes: \"" + key
            + "\"");
        continue;
      }
      Progress p = progress != null ? progress : new Progress();
      int at = i;
      return frontend.awaitAccess(line.zone().limiter().decideAsync(key, 1),
          decision -> decided(at, decision, frontend, request, p), decision -> { });
    }
    if (progress == null) {
      return NEXT;
    }
    request.rateLimitFields = progress.fields;
    if (progress.maxDelayNanos == 0) {
      request.limitReqStatus = "PASSED";
      return NEXT;
    }
    frontend.log(delayLogLevel, "delaying request" + (dryRun ? ", dry run" : "") + ", excess: "
        + LimitReqPhase.milli(progress.delayedExcess) + ", by zone \"" + progress.delayedBy + "\"");
    if (dryRun) {
      request.limitReqStatus = "DELAYED_DRY_RUN";
      return NEXT;
    }
    request.limitReqStatus = "DELAYED";
    frontend.suspendAccess(progress.maxDelayNanos);
    return SUSPENDED;
  }

  private int decided(int at, Decision decision, FrontendHandler frontend, RequestContext request, Progress p) {
    Line line = lines[at];
    String change = line.zone().outageChange();
    if (change != null) {
      frontend.logPlain(line.zone().redisAvailable() ? "notice" : "warn", change);
    }
    if (decision.rejected()) {
      return refuse(frontend, request, line, decision);
    }
    if (headers) {
      if (p.fields == null) {
        p.fields = new RateLimitFields();
      }
      p.fields.add(line.zone().name(), line.rateMr(), decision.remaining(), decision.resetAfter().toMillis());
    }
    long delay = decision.delayed() ? decision.delay().toNanos() : 0;
    if (delay > p.maxDelayNanos) {
      p.maxDelayNanos = delay;
      p.delayedBy = line.zone().name();
      p.delayedExcess = line.delayMr() + decision.delay().toMillis() * line.rateMr() / 1000;
    }
    return decideFrom(at + 1, frontend, request, p);
  }

  private int refuse(FrontendHandler frontend, RequestContext request, Line line, Decision decision) {
    if (line.zone().redisAvailable()) {
      long excess = line.burstMr() + Math.max(1, decision.retryAfter().toMillis() * line.rateMr() / 1000);
      frontend.log(logLevel, "limiting requests" + (dryRun ? ", dry run" : "") + ", excess: "
          + LimitReqPhase.milli(excess) + " by zone \"" + line.zone().name() + "\"");
    }
    if (dryRun) {
      request.limitReqStatus = "REJECTED_DRY_RUN";
      return NEXT;
    }
    request.limitReqStatus = "REJECTED";
    if (headers) {
      RateLimitFields fields = new RateLimitFields();
      fields.add(line.zone().name(), line.rateMr(), 0, decision.resetAfter().toMillis());
      fields.refused(decision.retryAfter().toMillis());
      request.rateLimitFields = fields;
    }
    return status;
  }
}
