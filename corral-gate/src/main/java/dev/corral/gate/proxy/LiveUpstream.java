package dev.corral.gate.proxy;

import dev.corral.gate.balance.PeerStatus;
import dev.corral.gate.balance.Upstream;
import dev.corral.gate.config.UpstreamServer;
import java.util.List;
import java.util.Optional;

/**
 * A running upstream as the runtime API sees it: its balancer's membership changes, each paired with what the
 * keep-alive pool must do so that a server taken out (drained, down, removed) is left by its idle connections at
 * once while its in-flight requests finish. Obtained from {@link GateEngine#liveUpstreams()}; it stays bound to
 * the running upstream it was obtained for (a reload that changes the block's configuration replaces it).
 *
 * <p>With nginx Plus's {@code state FILE;} in the block, every change of membership, weight or {@code down} is
 * written to FILE (drain is not: it is the intent of a moment, not configuration).
 *
 * <p>Thread-safety: every method may be called from any thread; the balancer's lock orders the changes.
 */
public final class LiveUpstream {
  private final UpstreamRuntime runtime;

  LiveUpstream(UpstreamRuntime runtime) {
    this.runtime = runtime;
  }

  /** The upstream's name. */
  public String name() {
    return runtime.name();
  }

  /** The {@code zone} name, if the block has one (then the upstream may be empty). */
  public Optional<String> zone() {
    return runtime.config().zone();
  }

  /** Every member's state, primaries first. */
  public List<PeerStatus> peers() {
    return upstream().status();
  }

  /** The configured form of every member ({@code max_fails}, {@code fail_timeout} …), primaries first. */
  public List<UpstreamServer> servers() {
    return upstream().servers();
  }

  /** Removed servers that still have requests in flight. */
  public int zombies() {
    return upstream().zombies();
  }

  /**
   * Adds a server unless its address is a member already.
   *
   * @return the new member, or empty if the address is taken
   * @throws IllegalArgumentException if the server cannot join (a backup in an upstream without primaries)
   */
  public Optional<PeerStatus> add(UpstreamServer server) {
    Optional<PeerStatus> added = upstream().addIfAbsent(server);
    added.ifPresent(p -> syncPool(p.address()));
    if (added.isPresent()) {
      persist();
    }
    return added;
  }

  /**
   * Removes a server: no new requests, in-flight ones finish, idle connections to it are closed.
   *
   * @return whether it was a member
   * @throws IllegalArgumentException if it is the last server of an upstream without {@code zone}
   */
  public boolean remove(String address) {
    boolean removed = upstream().removeServer(address);
    if (removed) {
      runtime.pool().evict(address);
      persist();
    }
    return removed;
  }

  /** Drains or undrains a server; a drained one gets no new requests and loses its idle connections. */
  public boolean setDraining(String address, boolean draining) {
    boolean found = draining ? upstream().drain(address) : upstream().undrain(address);
    return found && syncPool(address);
  }

  /** Marks a server down (as drained, but its in-flight count is no longer the point) or up. */
  public boolean setDown(String address, boolean down) {
    return upstream().setDown(address, down) && syncPool(address) && persist();
  }

  /**
   * Changes a server's weight.
   *
   * @throws IllegalArgumentException if {@code weight} is below 1
   */
  public boolean setWeight(String address, int weight) {
    return upstream().setWeight(address, weight) && persist();
  }

  /**
   * Writes the membership to the upstream's {@code state} file, if it has one. Serialized on the running upstream,
   * so the last write holds the last membership.
   *
   * @throws IllegalStateException if the file cannot be written (the change itself is in effect)
   */
  private boolean persist() {
    if (runtime.config().stateFile().isEmpty()) {
      return true;
    }
    java.nio.file.Path file = runtime.config().stateFile().get();
    synchronized (runtime) {
      try {
        dev.corral.gate.config.UpstreamStateFile.write(file, upstream().servers());
      } catch (java.io.IOException e) {
        throw new IllegalStateException("the change is in effect but the state file " + file
            + " could not be written (" + e.getMessage() + ")", e);
      }
    }
    return true;
  }

  /** Evicts the server's idle connections if it takes no new requests, else lets them be cached. */
  private boolean syncPool(String address) {
    Optional<PeerStatus> peer = upstream().find(address);
    if (peer.isEmpty() || peer.get().draining() || peer.get().down()) {
      runtime.pool().evict(address);
    } else {
      runtime.pool().readmit(address);
    }
    return true;
  }

  private Upstream upstream() {
    return runtime.upstream();
  }
}
