package dev.corral.gate.metrics;

import dev.corral.gate.balance.PeerStatus;
import dev.corral.gate.proxy.LiveUpstream;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The upstream servers' state, read from the running balancer just before each scrape (so servers added or
 * removed through the runtime API or a reload appear and disappear):
 *
 * <ul>
 *   <li>{@code corral_gate_upstream_peer_state{upstream, peer, backup, state}}: 1 for the server's state now
 *       ({@code up}, {@code down}, {@code draining}, {@code unhealthy}, {@code unavail}), 0 for the others</li>
 *   <li>{@code corral_gate_upstream_peer_active{upstream, peer}}: requests in flight on it</li>
 *   <li>{@code corral_gate_upstream_peer_fails{upstream, peer}}: failures counted within {@code fail_timeout}</li>
 *   <li>{@code corral_gate_upstream_peer_weight{upstream, peer}}: its weight</li>
 * </ul>
 * Called by the thread that scrapes; the balancer's snapshot is consistent per server.
 */
final class UpstreamGauges {
  private final Supplier<? extends Map<String, LiveUpstream>> upstreams;
  private final MultiGauge state;
  private final MultiGauge active;
  private final MultiGauge fails;
  private final MultiGauge weight;

  UpstreamGauges(MeterRegistry registry, Supplier<? extends Map<String, LiveUpstream>> upstreams) {
    this.upstreams = upstreams;
    state = MultiGauge.builder("corral.gate.upstream.peer.state")
        .description("1 for an upstream server's state now, 0 for the other states").register(registry);
    active = MultiGauge.builder("corral.gate.upstream.peer.active")
        .description("Requests in flight on an upstream server").register(registry);
    fails = MultiGauge.builder("corral.gate.upstream.peer.fails")
        .description("Failures of an upstream server counted within fail_timeout").register(registry);
    weight = MultiGauge.builder("corral.gate.upstream.peer.weight")
        .description("The weight of an upstream server").register(registry);
  }

  /** Reads the balancer's servers now. */
  void refresh() {
    List<MultiGauge.Row<?>> states = new ArrayList<>();
    List<MultiGauge.Row<?>> actives = new ArrayList<>();
    List<MultiGauge.Row<?>> failures = new ArrayList<>();
    List<MultiGauge.Row<?>> weights = new ArrayList<>();
    upstreams.get().forEach((name, upstream) -> {
      for (PeerStatus peer : upstream.peers()) {
        Tags tags = Tags.of("upstream", name, "peer", peer.address());
        for (PeerStatus.State s : PeerStatus.State.values()) {
          states.add(MultiGauge.Row.of(tags.and("backup", Boolean.toString(peer.backup()), "state", s.label()),
              peer.state() == s ? 1 : 0));
        }
        actives.add(MultiGauge.Row.of(tags, peer.activeConnections()));
        failures.add(MultiGauge.Row.of(tags, peer.fails()));
        weights.add(MultiGauge.Row.of(tags, peer.weight()));
      }
    });
    state.register(states, true);
    active.register(actives, true);
    fails.register(failures, true);
    weight.register(weights, true);
  }
}
