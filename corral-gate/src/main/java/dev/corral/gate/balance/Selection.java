package dev.corral.gate.balance;

import java.util.Optional;

/**
 * The balancing state of one request across its tries: the peers already tried (never chosen again for this
 * request), the hash state for the hash methods, and how many tries remain. Obtain one from
 * {@link Upstream#newSelection}; call {@link #next()} for each try and {@link #release} once per peer returned.
 *
 * <p>Not thread-safe: a request is driven by one thread at a time (its event loop). The peers' shared state is
 * protected by the upstream's lock inside {@code next} and {@code release}.
 */
public final class Selection {
  final Upstream upstream;
  final PeerGroup group;
  /** Peers tried by this request, compared by identity; a list because upstreams are small and it is cheap. */
  final TriedPeers tried = new TriedPeers();
  final byte[] clientAddress;
  final String hashKey;
  /** ip_hash / hash: the running hash value and the number of rehashes, kept across tries as nginx does. */
  long hash;
  int hashTries;
  int rehash;
  boolean hashStarted;
  private int triesLeft;
  private Peer current;

  Selection(Upstream upstream, PeerGroup group, byte[] clientAddress, String hashKey, int tryLimit) {
    this.upstream = upstream;
    this.group = group;
    this.clientAddress = clientAddress;
    this.hashKey = hashKey;
    int max = group.maxTries();
    this.triesLeft = tryLimit > 0 ? Math.min(tryLimit, max) : max;
  }

  /**
   * Chooses the peer for the next try.
   *
   * @return the peer, or empty when no try is left or no peer is usable ("no live upstreams": 502)
   * @throws IllegalStateException if the previous peer has not been released
   */
  public Optional<Peer> next() {
    if (current != null) {
      throw new IllegalStateException("release the previous peer first");
    }
    if (triesLeft <= 0) {
      return Optional.empty();
    }
    current = upstream.select(this);
    return Optional.ofNullable(current);
  }

  /**
   * Ends the try on the current peer.
   *
   * @param latencyNanos the response latency, used by {@code least_request}; 0 when unknown
   */
  public void release(Outcome outcome, long latencyNanos) {
    if (current == null) {
      throw new IllegalStateException("no peer to release");
    }
    upstream.release(this, current, outcome, latencyNanos);
    current = null;
    triesLeft--;
    if (group.single()) {
      triesLeft = 0;
    }
  }

  /** Gives back a try that failed on a cached keep-alive connection, as nginx does. */
  public void refundTry() {
    triesLeft++;
  }

  /** Tries left for this request. */
  public int triesLeft() {
    return triesLeft;
  }
}
