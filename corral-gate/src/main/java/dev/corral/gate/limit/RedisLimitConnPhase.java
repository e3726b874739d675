package dev.corral.gate.limit;

import dev.corral.gate.http.FrontendHandler;
import dev.corral.gate.http.RequestContext;
import dev.corral.gate.http.AccessPhase;

import dev.corral.gate.config.LimitSettings;
import dev.corral.gate.config.Template;
import dev.corral.limit.Permit;
import dev.corral.limit.redis.RedisConcurrencyLimiter;
import java.util.List;

/**
 * The {@code limit_conn} lines of a location whose zones are in Redis (Corral extension): for each line whose key
 * renders non-empty, one round trip takes a slot of the key across every gate sharing the Redis, awaited without
 * blocking the event loop; the slots are given back when the request ends ({@link #finish}), or at once if it
 * ended while waiting. A key at its limit refuses the request with {@code limit_conn_status}, with the local
 * zones' log line, {@code $limit_conn_status} and dry run. While Redis does not answer within the zone's
 * {@code timeout}, its {@code fail=} policy decides, and the error log says so once per outage.
 *
 * <p>Immutable and thread-safe; the slots a request holds are in its {@link RequestContext}.
 */
public final class RedisLimitConnPhase implements AccessPhase {
  private record Line(RedisZone<RedisConcurrencyLimiter> zone, Template key) {}

  private final Line[] lines;
  private final int status;
  private final String logLevel;
  private final boolean dryRun;

  public RedisLimitConnPhase(LimitSettings settings, List<LimitSettings.Connection> connections,
      List<RedisZone<RedisConcurrencyLimiter>> zones) {
    lines = new Line[connections.size()];
    for (int i = 0; i < lines.length; i++) {
      lines[i] = new Line(zones.get(i), connections.get(i).zone().key());
    }
    status = settings.connectionStatus();
    logLevel = settings.connectionLogLevel();
    dryRun = settings.connectionDryRun();
  }

  @Override
  public int check(FrontendHandler frontend, RequestContext request) {
    if (!request.limitConnStatus.isEmpty() && request.limitConnPass != request.uriChanges) {
      // Already counted in a location it left by an internal redirect: nginx counts a request once.
      return NEXT;
    }
    request.limitConnPass = request.uriChanges;
    return acquireFrom(0, frontend, request);
  }

  private int acquireFrom(int from, FrontendHandler frontend, RequestContext request) {
    for (int i = from; i < lines.length; i++) {
      Line line = lines[i];
      String key = line.key().render(request);
      if (key.isEmpty()) {
        continue;
      }
      if (key.length() > 255) {
        frontend.log("error", "the value of the \"" + line.key() + "\" key is more than 255 bytes: \"" + key + "\"");
        continue;
      }
      request.limitConnStatus = "PASSED";
      int at = i;
      return frontend.awaitAccess(line.zone().limiter().tryAcquireAsync(key),
          permit -> acquired(at, permit, frontend, request), RedisLimitConnPhase::giveBack);
    }
    return NEXT;
  }

  private int acquired(int at, Permit permit, FrontendHandler frontend, RequestContext request) {
    Line line = lines[at];
    String change = line.zone().outageChange();
    if (change != null) {
      frontend.logPlain(line.zone().redisAvailable() ? "notice" : "warn", change);
    }
    if (permit == null) {
      if (line.zone().redisAvailable()) {
        frontend.log(logLevel, "limiting connections" + (dryRun ? ", dry run" : "") + " by zone \""
            + line.zone().name() + "\"");
      }
      finish(request);
      request.limitConnStatus = dryRun ? "REJECTED_DRY_RUN" : "REJECTED";
      return dryRun ? NEXT : status;
    }
    if (request.redisConnPermits == null) {
      request.redisConnPermits = new Permit[lines.length];
    }
    request.redisConnPermits[at] = permit;
    return acquireFrom(at + 1, frontend, request);
  }

  private static void giveBack(Permit permit) {
    if (permit != null) {
      permit.close();
    }
  }

  @Override
  public void finish(RequestContext request) {
    Permit[] permits = request.redisConnPermits;
    if (permits == null) {
      return;
    }
    request.redisConnPermits = null;
    for (Permit p : permits) {
      giveBack(p);
    }
  }
}
