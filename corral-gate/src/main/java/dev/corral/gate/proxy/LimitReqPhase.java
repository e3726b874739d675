package dev.corral.gate.proxy;

import dev.corral.gate.config.LimitSettings;
import dev.corral.gate.config.Template;
import dev.corral.limit.LimitReq;
import dev.corral.limit.LocalKeyedRateLimiter;
import dev.corral.limit.RateLimiter;
import java.util.List;

/**
 * The {@code limit_req} lines of a location, decided as nginx's ngx_http_limit_req_handler decides them: a line
 * whose key renders empty does not apply; each other line's key is checked against its burst in order without
 * counting, and only when none refuses is the request counted in every one of them; the request then waits the
 * longest of their delays, on the connection's timer. A refusal answers {@code limit_req_status}; with
 * {@code limit_req_dry_run on} nothing is refused or delayed, and only the log and {@code $limit_req_status} say
 * what would have happened. The error log lines are nginx's ("limiting requests, excess: 0.500 by zone …" at
 * {@code limit_req_log_level}, "delaying request, excess: …, by zone …" one level lower).
 *
 * <p>Immutable and thread-safe; the state is in corral-limit's {@link LimitReq}s, one per key.
 */
final class LimitReqPhase implements AccessPhase {
  /** One {@code limit_req} line with its state. */
  private record Line(String zone, Template key, long burstMilli, LocalKeyedRateLimiter<String> state) {}

  private final Line[] lines;
  private final int status;
  private final String logLevel;
  private final String delayLogLevel;
  private final boolean dryRun;

  /** The phase for {@code settings}' lines; {@code states} gives the state of each. */
  LimitReqPhase(LimitSettings settings, List<LocalKeyedRateLimiter<String>> states) {
    List<LimitSettings.Request> requests = settings.requests();
    lines = new Line[requests.size()];
    for (int i = 0; i < lines.length; i++) {
      LimitSettings.Request r = requests.get(i);
      lines[i] = new Line(r.zone().name(), r.zone().key(), r.burst() * 1000, states.get(i));
    }
    status = settings.requestStatus();
    logLevel = settings.requestLogLevel();
    delayLogLevel = switch (logLevel) {
      case "error" -> "warn";
      case "warn" -> "notice";
      default -> "info";
    };
    dryRun = settings.requestDryRun();
  }

  @Override
  public int check(FrontendHandler frontend, RequestContext request) {
    if (!request.limitReqStatus.isEmpty()) {
      // Already limited in a location it left by an internal redirect: nginx limits a request once.
      return NEXT;
    }
    // Checked first, counted after: several lines need their limiters twice (a small array, only then).
    LimitReq[] held = lines.length > 1 ? new LimitReq[lines.length] : null;
    LimitReq single = null;
    int applied = 0;
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
      LimitReq limiter = (LimitReq) line.state().limiter(key);
      long excess = limiter.nextExcessMilliRequests();
      if (excess > line.burstMilli()) {
        return refuse(frontend, request, line, excess);
      }
      if (held != null) {
        held[i] = limiter;
      } else {
        single = limiter;
      }
      applied++;
    }
    if (applied == 0) {
      return NEXT;
    }
    long maxDelay = 0;
    int maxAt = -1;
    long maxExcess = 0;
    for (int i = 0; i < lines.length; i++) {
      LimitReq limiter = held != null ? held[i] : single;
      if (limiter == null) {
        continue;
      }
      long excess = limiter.nextExcessMilliRequests();
      long delay = limiter.reserve(1, Long.MAX_VALUE);
      if (delay == RateLimiter.REJECTED) {
        // Another event loop took the room between the check and the count: refused, as it would have been.
        return refuse(frontend, request, lines[i], limiter.nextExcessMilliRequests());
      }
      if (delay > maxDelay) {
        maxDelay = delay;
        maxAt = i;
        maxExcess = excess;
      }
      if (held == null) {
        break;
      }
    }
    if (maxDelay == 0) {
      request.limitReqStatus = "PASSED";
      return NEXT;
    }
    frontend.log(delayLogLevel, "delaying request" + (dryRun ? ", dry run" : "") + ", excess: "
        + milli(maxExcess) + ", by zone \"" + lines[maxAt].zone() + "\"");
    if (dryRun) {
      request.limitReqStatus = "DELAYED_DRY_RUN";
      return NEXT;
    }
    request.limitReqStatus = "DELAYED";
    frontend.suspendAccess(maxDelay);
    return SUSPENDED;
  }

  private int refuse(FrontendHandler frontend, RequestContext request, Line line, long excess) {
    frontend.log(logLevel, "limiting requests" + (dryRun ? ", dry run" : "") + ", excess: " + milli(excess)
        + " by zone \"" + line.zone() + "\"");
    if (dryRun) {
      request.limitReqStatus = "REJECTED_DRY_RUN";
      return NEXT;
    }
    request.limitReqStatus = "REJECTED";
    return status;
  }

  /** nginx's {@code %ui.%03ui} of a milli-request count. */
  private static String milli(long excess) {
    long frac = excess % 1000;
    return excess / 1000 + "." + (frac < 10 ? "00" : frac < 100 ? "0" : "") + frac;
  }
}
