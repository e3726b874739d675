package dev.corral.gate.metrics;

import dev.corral.gate.proxy.HealthCheckListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code corral_gate_health_checks_total{upstream, server, result}}: active health-check probes by upstream,
 * server and {@code result} ({@code pass} or {@code fail}), counted whatever {@code fall}/{@code rise} then
 * decide. Probes run once per {@code interval} per server, so the registry's own look-up is cheap enough here.
 * Thread-safe.
 */
final class HealthCheckCounts implements HealthCheckListener {
  static final String NAME = "corral.gate.health.checks";

  private final MeterRegistry registry;

  HealthCheckCounts(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void checked(String upstream, String server, boolean passed) {
    Counter.builder(NAME).description("Active health-check probes by result")
        .tags("upstream", upstream, "server", server, "result", passed ? "pass" : "fail")
        .register(registry).increment();
  }
}
