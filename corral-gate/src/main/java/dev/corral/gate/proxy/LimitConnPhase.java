package dev.corral.gate.proxy;

import dev.corral.gate.config.LimitSettings;
import dev.corral.gate.config.Template;
import dev.corral.limit.LocalKeyedConcurrencyLimiter;
import dev.corral.limit.Permit;
import java.util.List;

/**
 * The {@code limit_conn} lines of a location, as nginx's ngx_http_limit_conn_handler: for each line whose key
 * renders non-empty, the request takes a slot of its key, held until the request ends ({@link #finish}); a key
 * at its limit, or a zone whose every slot of keys is busy, refuses the request with {@code limit_conn_status}
 * and gives back the slots taken so far. With {@code limit_conn_dry_run on} nothing is refused; the log line
 * ("limiting connections by zone …", at {@code limit_conn_log_level}) and {@code $limit_conn_status} say so.
 *
 * <p>Immutable and thread-safe; the slots a request holds are in its {@link RequestContext}.
 */
final class LimitConnPhase implements AccessPhase {
  private record Line(String zone, Template key, LocalKeyedConcurrencyLimiter<String> state) {}

  private final Line[] lines;
  private final int status;
  private final String logLevel;
  private final boolean dryRun;

  LimitConnPhase(LimitSettings settings, List<LocalKeyedConcurrencyLimiter<String>> states) {
    List<LimitSettings.Connection> connections = settings.connections();
    lines = new Line[connections.size()];
    for (int i = 0; i < lines.length; i++) {
      LimitSettings.Connection c = connections.get(i);
      lines[i] = new Line(c.zone().name(), c.zone().key(), states.get(i));
    }
    status = settings.connectionStatus();
    logLevel = settings.connectionLogLevel();
    dryRun = settings.connectionDryRun();
  }

  @Override
  public int check(FrontendHandler frontend, RequestContext request) {
    if (!request.limitConnStatus.isEmpty()) {
      // Already counted in a location it left by an internal redirect: nginx counts a request once.
      return NEXT;
    }
    for (int i = 0; i < lines.length; i++) {
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
      Permit permit = line.state().tryAcquire(key);
      if (permit == null) {
        if (line.state().inFlight(key) > 0) {
          frontend.log(logLevel, "limiting connections" + (dryRun ? ", dry run" : "") + " by zone \"" + line.zone()
              + "\"");
        } else {
          frontend.log("alert", "could not allocate node in limit_conn zone \"" + line.zone() + "\"");
        }
        finish(request);
        request.limitConnStatus = dryRun ? "REJECTED_DRY_RUN" : "REJECTED";
        return dryRun ? NEXT : status;
      }
      if (request.limitConnPermits == null) {
        request.limitConnPermits = new Permit[lines.length];
      }
      request.limitConnPermits[i] = permit;
    }
    return NEXT;
  }

  @Override
  public void finish(RequestContext request) {
    Permit[] permits = request.limitConnPermits;
    if (permits == null) {
      return;
    }
    request.limitConnPermits = null;
    for (Permit p : permits) {
      if (p != null) {
        p.close();
      }
    }
  }
}
