package dev.corral.gate.http;

import dev.corral.gate.config.ProxySettings;

/** The access log as a {@link RequestObserver}: writes the request's lines ({@link RequestLog#access}). */
final class AccessLogObserver implements RequestObserver {
  private final GateContext gate;

  AccessLogObserver(GateContext gate) {
    this.gate = gate;
  }

  @Override
  public void requestFinished(RequestContext request, ProxySettings settings, long now) {
    RequestLog.access(gate, settings, request);
  }
}
