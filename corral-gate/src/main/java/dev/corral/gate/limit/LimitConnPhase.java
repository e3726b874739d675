package dev.corral.gate.limit;

import dev.corral.gate.http.FrontendHandler;
import dev.corral.gate.http.RequestContext;
import dev.corral.gate.http.AccessPhase;

import dev.corral.gate.config.LimitSettings;
import dev.corral.gate.config.Template;
import dev.corral.limit.Permit;
import java.util.List;

/**
 * The {@code limit_conn} lines of a location whose zones are in this gate, as nginx's
 * ngx_http_limit_conn_handler: for each line whose key renders non-empty, the request takes a slot of its key,
 * held until the request ends ({@link #finish}); a key at its limit refuses the request with
 * {@code limit_conn_status} ("limiting connections by zone …" at {@code limit_conn_log_level}), and so does a key
 * for which the zone has no room ("ngx_slab_alloc() failed: no memory in limit_conn_zone …", at {@code crit});
 * the slots taken so far are given back. With {@code limit_conn_dry_run on} nothing is refused; the log line and
 * {@code $limit_conn_status} say so.
 *
 * <p>Immutable and thread-safe; the slots a request holds are in its {@link RequestContext}.
 */
public final class LimitConnPhase implements AccessPhase {
  private record Line(ConnectionZone zone, Template key, int limit) {}

  private final Line[] lines;
  private final int status;
  private final String logLevel;
  private final boolean dryRun;

  public LimitConnPhase(LimitSettings settings, List<LimitSettings.Connection> connections, List<ConnectionZone> zones) {
    lines = new Line[connections.size()];
    for (int i = 0; i < lines.length; i++) {
      LimitSettings.Connection c = connections.get(i);
      lines[i] = new Line(zones.get(i), c.zone().key(), c.limit());
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
    Permit[] slot = null;
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
      if (slot == null) {
        slot = new Permit[1];
      }
      ConnectionZone.Outcome outcome = line.zone().acquire(key, line.limit(), slot);
      if (outcome != ConnectionZone.Outcome.PASSED) {
        if (outcome == ConnectionZone.Outcome.BUSY) {
          frontend.log(logLevel, "limiting connections" + (dryRun ? ", dry run" : "") + " by zone \""
              + line.zone().name() + "\"");
        } else {
          frontend.logPlain("crit", "ngx_slab_alloc() failed: no memory in limit_conn_zone \"" + line.zone().name()
              + "\"");
        }
        finish(request);
        request.limitConnStatus = dryRun ? "REJECTED_DRY_RUN" : "REJECTED";
        return dryRun ? NEXT : status;
      }
      if (request.limitConnPermits == null) {
        request.limitConnPermits = new Permit[lines.length];
      }
      request.limitConnPermits[i] = slot[0];
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
