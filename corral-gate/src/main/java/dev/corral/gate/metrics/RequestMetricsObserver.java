package dev.corral.gate.metrics;

import dev.corral.gate.config.ProxySettings;
import dev.corral.gate.http.RequestContext;
import dev.corral.gate.http.RequestObserver;
import dev.corral.gate.http.UpstreamTimes;

/**
 * Feeds {@link RequestMeters} from the gate's request observer seam: once per finished request, on its event
 * loop, it reads the request's status, times, bytes, upstream tries and limit decisions, and the labels its
 * configuration gave the level it ended in ({@link MetricLabels}). Allocates nothing once a loop has met the
 * label values. Thread-safe (see {@link RequestObserver}).
 */
final class RequestMetricsObserver implements RequestObserver {
  private final GateMetrics metrics;

  RequestMetricsObserver(GateMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void requestFinished(RequestContext request, ProxySettings settings, long now) {
    if (!metrics.recording()) {
      return;
    }
    RequestMeters meters = metrics.requests();
    MetricLabels.Labels labels = metrics.labels().of(settings);
    String server = request.serverName();
    meters.request(server.isEmpty() ? "_" : server, labels.location(), labels.upstream(), request.status(),
        now - request.startNanos, request.requestLength, request.bodyBytesSent());
    UpstreamTimes tries = request.upstreamTimes;
    for (int i = 0, n = tries.tries(); i < n; i++) {
      meters.upstreamTry(labels.upstream(), tries.responseNanos(i), tries.headerNanos(i) < 0, i > 0);
    }
    if (labels.limitReqZone() != null && !request.limitReqStatus.isEmpty()) {
      meters.limitReq(labels.limitReqZone(), request.limitReqStatus);
    }
    if (labels.limitConnZone() != null && !request.limitConnStatus.isEmpty()) {
      meters.limitConn(labels.limitConnZone(), request.limitConnStatus);
    }
  }
}
