package dev.corral.gate.balance;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Corral's {@code least_request} (an extension, not in nginx): power of two choices. Two distinct usable untried
 * peers are drawn uniformly and the one with the lower cost wins, where cost = (active requests + 1) × latency
 * EWMA / weight. A peer without latency samples yet costs as if its latency were the smallest known, so new
 * peers get traffic. With one candidate it is taken; backups are used when no primary is usable.
 */
final class LeastRequest implements Strategy {
  /** Weight of a new latency sample in the moving average. */
  static final double EWMA_ALPHA = 0.3;

  private final RandomGenerator random;

  LeastRequest(RandomGenerator random) {
    this.random = random;
  }

  @Override
  public Peer select(List<Peer> peers, Selection selection, long now) {
    List<Peer> candidates = new ArrayList<>(peers.size());
    double minLatency = Double.MAX_VALUE;
    for (Peer peer : peers) {
      if (!selection.tried.contains(peer) && peer.usable(now)) {
        candidates.add(peer);
        if (peer.latencyEwmaNanos > 0) {
          minLatency = Math.min(minLatency, peer.latencyEwmaNanos);
        }
      }
    }
    if (candidates.isEmpty()) {
      return null;
    }
    double fallbackLatency = minLatency == Double.MAX_VALUE ? 1 : minLatency;
    Peer best;
    if (candidates.size() == 1) {
      best = candidates.get(0);
    } else {
      int a = random.nextInt(candidates.size());
      int b = random.nextInt(candidates.size() - 1);
      if (b >= a) {
        b++;
      }
      Peer first = candidates.get(a);
      Peer second = candidates.get(b);
      best = cost(second, fallbackLatency) < cost(first, fallbackLatency) ? second : first;
    }
    selection.tried.add(best);
    best.selected(now);
    return best;
  }

  private static double cost(Peer peer, double fallbackLatency) {
    double latency = peer.latencyEwmaNanos > 0 ? peer.latencyEwmaNanos : fallbackLatency;
    return (peer.conns + 1) * latency / peer.weight;
  }

  /** Folds a latency sample into the peer's average; call with the upstream lock held. */
  static void record(Peer peer, long latencyNanos) {
    if (latencyNanos <= 0) {
      return;
    }
    peer.latencyEwmaNanos = peer.latencyEwmaNanos == 0 ? latencyNanos
        : peer.latencyEwmaNanos + EWMA_ALPHA * (latencyNanos - peer.latencyEwmaNanos);
  }
}
