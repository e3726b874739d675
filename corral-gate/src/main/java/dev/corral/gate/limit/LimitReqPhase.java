package dev.corral.gate.limit;

import dev.corral.gate.http.RateLimitFields;

import dev.corral.gate.http.FrontendHandler;
import dev.corral.gate.http.RequestContext;
import dev.corral.gate.http.AccessPhase;

import dev.corral.gate.config.LimitSettings;
import dev.corral.gate.config.Template;
import java.util.List;

/**
 * The {@code limit_req} lines of a location whose zones are in this gate, decided as nginx's
 * ngx_http_limit_req_handler decides them: a line whose key renders empty does not apply; each other line's key
 * is looked up against its burst in order without counting (the last line is counted at once), and only when
 * none refuses is the request counted in every one of them; the request then waits the longest of their delays,
 * on the connection's timer. A refusal answers {@code limit_req_status}; so does a key for which the zone has no
 * room ("could not allocate node in limit_req zone …", at {@code alert}); with {@code limit_req_dry_run on}
 * nothing is refused or delayed, and only the log and {@code $limit_req_status} say what would have happened.
 * The error log lines are nginx's ("limiting requests, excess: 0.500 by zone …" at {@code limit_req_log_level},
 * "delaying request, excess: …, by zone …" one level lower). With {@code limit_req_headers on} the response gets
 * the IETF RateLimit fields ({@link RateLimitFields}).
 *
 * <p>Immutable and thread-safe; the state is in the {@link RequestZone}s.
 */
public final class LimitReqPhase implements AccessPhase {
  /** nginx's delay for {@code nodelay}: {@code NGX_MAX_INT_T_VALUE / 1000 * 1000}. */
  private static final long NODELAY_MR = Long.MAX_VALUE / 1000 * 1000;

  /** One {@code limit_req} line with its zone. */
  private record Line(RequestZone zone, Template key, long burstMr, long delayMr) {}

  private final Line[] lines;
  private final int status;
  private final String logLevel;
  private final String delayLogLevel;
  private final boolean dryRun;
  private final boolean headers;

  /** The phase for {@code requests} (lines of {@code settings}); {@code zones} gives the zone of each. */
  public LimitReqPhase(LimitSettings settings, List<LimitSettings.Request> requests, List<RequestZone> zones) {
    lines = new Line[requests.size()];
    for (int i = 0; i < lines.length; i++) {
      LimitSettings.Request r = requests.get(i);
      lines[i] = new Line(zones.get(i), r.zone().key(), r.burst() * 1000,
          r.nodelay() ? NODELAY_MR : r.delay() * 1000);
    }
    status = settings.requestStatus();
    logLevel = settings.requestLogLevel();
    delayLogLevel = lowerLevel(logLevel);
    dryRun = settings.requestDryRun();
    headers = settings.requestHeaders();
  }

  static String lowerLevel(String level) {
    return switch (level) {
      case "error" -> "warn";
      case "warn" -> "notice";
      default -> "info";
    };
  }

  @Override
  public int check(FrontendHandler frontend, RequestContext request) {
    if (!request.limitReqStatus.isEmpty() && request.limitReqPass != request.uriChanges) {
      // Already limited in a location it left by an internal redirect: nginx limits a request once.
      return NEXT;
    }
    request.limitReqPass = request.uriChanges;
    // The keys of lines looked up but not yet counted (several lines only: a small array then).
    String[] pending = null;
    String lastKey = null;
    int lastAt = -1;
    long lastExcess = 0;
    long nowMs = lines[0].zone().nowMs();
    for (int i = 0; i < lines.length; i++) {
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
      boolean last = i == lines.length - 1;
      long excess = last ? line.zone().account(key, line.burstMr(), nowMs) : line.zone().excess(key, nowMs);
      if (excess == RequestZone.NO_ROOM) {
        return noRoom(frontend, request, line);
      }
      if (excess > line.burstMr()) {
        return refuse(frontend, request, line, excess);
      }
      if (last) {
        lastKey = key;
        lastAt = i;
        lastExcess = excess;
      } else {
        if (pending == null) {
          pending = new String[lines.length];
        }
        pending[i] = key;
      }
    }
    if (pending == null && lastKey == null) {
      return NEXT;
    }
    RateLimitFields fields = headers ? new RateLimitFields() : null;
    long maxDelay = 0;
    int maxAt = -1;
    long maxExcess = 0;
    for (int i = 0; i < lines.length; i++) {
      String key = pending != null ? pending[i] : null;
      long excess;
      if (i == lastAt) {
        excess = lastExcess;
      } else if (key != null) {
        Line line = lines[i];
        excess = line.zone().account(key, line.burstMr(), nowMs);
        if (excess == RequestZone.NO_ROOM) {
          return noRoom(frontend, request, line);
        }
        if (excess > line.burstMr()) {
          // Another event loop took the room between the look-up and the count: refused, as it would have been.
          return refuse(frontend, request, line, excess);
        }
      } else {
        continue;
      }
      Line line = lines[i];
      if (fields != null) {
        fields.add(line.zone().name(), line.zone().rateMilliRequests(), (line.burstMr() - excess) / 1000,
            RateLimitFields.drainMillis(excess, line.zone().rateMilliRequests()));
      }
      long delay = excess <= line.delayMr() ? 0 : (excess - line.delayMr()) * 1000 / line.zone().rateMilliRequests();
      if (delay > maxDelay) {
        maxDelay = delay;
        maxAt = i;
        maxExcess = excess;
      }
    }
    request.rateLimitFields = fields;
    if (maxDelay == 0) {
      request.limitReqStatus = "PASSED";
      return NEXT;
    }
    frontend.log(delayLogLevel, "delaying request" + (dryRun ? ", dry run" : "") + ", excess: "
        + milli(maxExcess) + ", by zone \"" + lines[maxAt].zone().name() + "\"");
    if (dryRun) {
      request.limitReqStatus = "DELAYED_DRY_RUN";
      return NEXT;
    }
    request.limitReqStatus = "DELAYED";
    frontend.suspendAccess(maxDelay * 1_000_000L);
    return SUSPENDED;
  }

  private int noRoom(FrontendHandler frontend, RequestContext request, Line line) {
    frontend.logPlain("alert", "could not allocate node in limit_req zone \"" + line.zone().name() + "\"");
    request.limitReqStatus = dryRun ? "REJECTED_DRY_RUN" : "REJECTED";
    return dryRun ? NEXT : status;
  }

  private int refuse(FrontendHandler frontend, RequestContext request, Line line, long excess) {
    frontend.log(logLevel, "limiting requests" + (dryRun ? ", dry run" : "") + ", excess: " + milli(excess)
        + " by zone \"" + line.zone().name() + "\"");
    if (dryRun) {
      request.limitReqStatus = "REJECTED_DRY_RUN";
      return NEXT;
    }
    request.limitReqStatus = "REJECTED";
    if (headers) {
      long rate = line.zone().rateMilliRequests();
      RateLimitFields fields = new RateLimitFields();
      fields.add(line.zone().name(), rate, 0, RateLimitFields.drainMillis(excess - 1000, rate));
      fields.refused(RateLimitFields.drainMillis(excess - line.burstMr(), rate));
      request.rateLimitFields = fields;
    }
    return status;
  }

  /** nginx's {@code %ui.%03ui} of a milli-request count. */
  static String milli(long excess) {
    long frac = excess % 1000;
    return excess / 1000 + "." + (frac < 10 ? "00" : frac < 100 ? "0" : "") + frac;
  }
}
