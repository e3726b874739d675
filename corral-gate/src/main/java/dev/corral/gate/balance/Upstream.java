package dev.corral.gate.balance;

import dev.corral.gate.config.BalanceMethod;
import dev.corral.gate.config.UpstreamConfig;
import dev.corral.gate.config.UpstreamServer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * A group of servers and the balancing method that spreads requests over them, with nginx's semantics
 * (reference §1): smooth weighted round robin or another method, {@code max_fails}/{@code fail_timeout},
 * {@code down}, {@code backup} (used only when no primary is usable), {@code max_conns}, and a per-request set of
 * tried peers ({@link Selection}).
 *
 * <p>Membership can change at run time: {@link #setServers}, {@link #addServer}, {@link #removeServer},
 * {@link #drain}, {@link #setWeight} and {@link #setDown} swap an immutable {@link PeerGroup} atomically or change
 * a peer under the lock. An upstream with {@code zone} may have no server at all (nginx Plus's dynamic upstreams):
 * its requests then find no peer (502, "no live upstreams"). A server that stays keeps its state (its
 * failures and connection count); a request already running keeps the group it started with.
 *
 * <p>Thread-safety: safe for use from any number of event loops. Peer state is guarded by one lock per upstream,
 * so {@code max_conns}, {@code least_conn} counts and failure state are exact process-wide (nginx OSS keeps them
 * per worker). The lock is held only for the O(servers) selection or release. Time comes from the injected
 * nanosecond clock, so tests drive failure windows with a fake clock.
 */
public final class Upstream {
  private final String name;
  private final Strategy strategy;
  private final boolean consistentRing;
  private final LongSupplier nanoClock;
  private final Object lock = new Object();
  /** The current membership; replaced whole, under {@link #lock}, by the membership methods. */
  private final AtomicReference<PeerGroup> group = new AtomicReference<>();
  /** Requests waiting for a peer to free up (Corral's queue); each is woken at most once per release. */
  private final java.util.concurrent.ConcurrentLinkedQueue<Runnable> waiters =
      new java.util.concurrent.ConcurrentLinkedQueue<>();
  private final java.util.concurrent.atomic.AtomicInteger waiting = new java.util.concurrent.atomic.AtomicInteger();

  /** Whether the block has a {@code zone}, which lets the membership be empty. */
  private final boolean zone;
  /** The next peer id; guarded by {@link #lock}. */
  private int nextId;
  /** Removed peers with requests still in flight; guarded by {@link #lock}, pruned when read. */
  private final List<Peer> retired = new ArrayList<>();

  private Upstream(String name, Strategy strategy, boolean consistentRing, LongSupplier nanoClock, boolean zone) {
    this.zone = zone;
    this.name = name;
    this.strategy = strategy;
    this.consistentRing = consistentRing;
    this.nanoClock = nanoClock;
  }

  /**
   * An upstream for {@code config}.
   *
   * @param nanoClock a monotonic nanosecond clock ({@code System::nanoTime} in production)
   * @param random the random source of {@code random} and {@code least_request}
   */
  public static Upstream create(UpstreamConfig config, LongSupplier nanoClock, RandomGenerator random) {
    Strategy strategy = switch (config.method()) {
      case BalanceMethod.RoundRobin r -> SmoothRoundRobin.INSTANCE;
      case BalanceMethod.LeastConn l -> new LeastConn();
      case BalanceMethod.IpHash i -> new IpHash();
      case BalanceMethod.Hash h -> h.consistent() ? new ConsistentHash() : new MemcachedHash();
      case BalanceMethod.Random r -> new RandomPick(r.two(), random);
      case BalanceMethod.LeastRequest l -> new LeastRequest(random);
    };
    boolean ring = config.method() instanceof BalanceMethod.Hash h && h.consistent();
    Upstream upstream = new Upstream(config.name(), strategy, ring, nanoClock, config.zone().isPresent());
    upstream.setServers(config.servers());
    return upstream;
  }

  /** The upstream's name. */
  public String name() {
    return name;
  }

  /**
   * Starts balancing one request.
   *
   * @param clientAddress the client's IP address bytes (for {@code ip_hash}); empty if not an IP client
   * @param hashKey the rendered {@code hash} key; empty for other methods
   * @param tryLimit {@code proxy_next_upstream_tries}; 0 = as many as there are servers
   */
  public Selection newSelection(byte[] clientAddress, String hashKey, int tryLimit) {
    return new Selection(this, group.get(), clientAddress, hashKey, tryLimit);
  }

  Peer select(Selection selection) {
    synchronized (lock) {
      long now = nanoClock.getAsLong();
      PeerGroup g = selection.group;
      Peer peer = g.primaries().isEmpty() ? null : strategy.select(g.primaries(), selection, now);
      if (peer == null && strategy.usesBackups() && !g.backups().isEmpty()) {
        peer = strategy.select(g.backups(), selection, now);
      }
      return peer;
    }
  }

  void release(Selection selection, Peer peer, Outcome outcome, long latencyNanos) {
    synchronized (lock) {
      if (selection.group.single()) {
        peer.conns--;
        peer.fails = 0;
      } else {
        peer.release(outcome, nanoClock.getAsLong());
      }
      if (outcome == Outcome.SUCCESS) {
        LeastRequest.record(peer, latencyNanos);
      }
    }
    wakeOne();
  }

  /**
   * Queues {@code wake} to run when a peer is released, unless {@code limit} requests already wait.
   *
   * @return false if the queue is full
   */
  public boolean enqueue(Runnable wake, int limit) {
    if (waiting.incrementAndGet() > limit) {
      waiting.decrementAndGet();
      return false;
    }
    waiters.add(wake);
    return true;
  }

  /** Requests waiting in the queue now. */
  public int queued() {
    return waiting.get();
  }

  /** Removes a waiter that gave up (timed out or its client left); false if it was already woken. */
  public boolean dequeue(Runnable wake) {
    if (waiters.remove(wake)) {
      waiting.decrementAndGet();
      return true;
    }
    return false;
  }

  private void wakeOne() {
    Runnable next = waiters.poll();
    if (next != null) {
      waiting.decrementAndGet();
      next.run();
    }
  }

  /**
   * Replaces the membership. Servers equal to a current one keep their peer and its state (id, failures,
   * in-flight count); others start fresh with a new id. A removed peer with requests in flight stays counted in
   * {@link #zombies()} until they finish.
   *
   * @throws IllegalArgumentException if {@code servers} is empty and the upstream has no {@code zone}, or if it
   *     holds backups only
   */
  public void setServers(List<UpstreamServer> servers) {
    if (servers.isEmpty() && !zone) {
      throw new IllegalArgumentException("servers: [] (expected: at least one server, or a zone in the upstream)");
    }
    synchronized (lock) {
      Map<UpstreamServer, Peer> current = new HashMap<>();
      PeerGroup old = group.get();
      if (old != null) {
        old.primaries().forEach(p -> current.put(p.server(), p));
        old.backups().forEach(p -> current.put(p.server(), p));
      }
      long now = nanoClock.getAsLong();
      List<Peer> primaries = new ArrayList<>();
      List<Peer> backups = new ArrayList<>();
      for (UpstreamServer server : servers) {
        Peer peer = current.remove(server);
        if (peer == null) {
          peer = new Peer(nextId++, server, now);
        }
        (server.backup() ? backups : primaries).add(peer);
      }
      if (primaries.isEmpty() && !backups.isEmpty()) {
        throw new IllegalArgumentException("servers: only backups (expected: at least one primary server)");
      }
      for (Peer gone : current.values()) {
        if (gone.conns > 0) {
          retired.add(gone);
        }
      }
      group.set(PeerGroup.of(primaries, backups, consistentRing));
    }
  }

  /** Adds a server; a server with the same address is replaced. */
  public void addServer(UpstreamServer server) {
    synchronized (lock) {
      List<UpstreamServer> servers = new ArrayList<>(servers());
      servers.removeIf(s -> s.address().equals(server.address()));
      servers.add(server);
      setServers(servers);
    }
  }

  /**
   * Adds a server unless one has its address already.
   *
   * @return the new server's status, or empty if the address is taken
   * @throws IllegalArgumentException if it is a backup and the upstream has no primary
   */
  public Optional<PeerStatus> addIfAbsent(UpstreamServer server) {
    synchronized (lock) {
      if (find(server.address()).isPresent()) {
        return Optional.empty();
      }
      List<UpstreamServer> servers = new ArrayList<>(servers());
      servers.add(server);
      setServers(servers);
      return status().stream().filter(s -> s.address().equals(server.address())).findFirst();
    }
  }

  /**
   * Removes a server from the membership; requests already on it finish (it counts in {@link #zombies()} until
   * then).
   *
   * @return whether a server had that address
   * @throws IllegalArgumentException if it is the last server of an upstream without {@code zone}, or the last
   *     primary while backups remain
   */
  public boolean removeServer(String address) {
    synchronized (lock) {
      List<UpstreamServer> servers = new ArrayList<>(servers());
      boolean removed = servers.removeIf(s -> s.address().equals(address));
      if (removed) {
        if (servers.isEmpty() && !zone) {
          throw new IllegalArgumentException("server " + address + " is the last server of upstream \"" + name
              + "\", which has no zone (add \"zone " + name + " 64k;\" to allow an empty upstream)");
        }
        setServers(servers);
      }
      return removed;
    }
  }

  /**
   * Stops sending new requests to a server, keeping it a member so its in-flight requests finish and its
   * active count stays visible in {@link #status()}.
   *
   * @return whether a server had that address
   */
  public boolean drain(String address) {
    return update(address, p -> p.draining = true);
  }

  /**
   * Ends a {@link #drain}: the server takes new requests again.
   *
   * @return whether a server had that address
   */
  public boolean undrain(String address) {
    return update(address, p -> p.draining = false);
  }

  /**
   * Changes a server's weight; its weighted round starts over, its failures and in-flight count stay.
   *
   * @return whether a server had that address
   * @throws IllegalArgumentException if {@code weight} is below 1
   */
  public boolean setWeight(String address, int weight) {
    if (weight < 1) {
      throw new IllegalArgumentException("weight: " + weight + " (expected: >= 1)");
    }
    synchronized (lock) {
      boolean found = update(address, p -> p.reweigh(weight));
      if (found) {
        PeerGroup g = group.get();
        group.set(PeerGroup.of(g.primaries(), g.backups(), consistentRing)); // total weight, hash ring
      }
      return found;
    }
  }

  /**
   * Marks a server {@code down} (no requests at all) or up again.
   *
   * @return whether a server had that address
   */
  public boolean setDown(String address, boolean down) {
    return update(address, p -> p.markDown(down));
  }

  /**
   * Records an active health check's verdict for a server: an unhealthy one gets no requests.
   *
   * @return whether a server had that address
   */
  public boolean setHealthy(String address, boolean healthy) {
    return update(address, p -> p.unhealthy = !healthy);
  }

  private boolean update(String address, java.util.function.Consumer<Peer> change) {
    synchronized (lock) {
      boolean found = false;
      for (Peer p : allPeers()) {
        if (p.address().equals(address)) {
          change.accept(p);
          found = true;
        }
      }
      return found;
    }
  }

  /** Whether the block has a {@code zone}: its membership may then be empty (nginx Plus's dynamic upstreams). */
  public boolean zone() {
    return zone;
  }

  /** The configured servers of the current membership, primaries first. */
  public List<UpstreamServer> servers() {
    return allPeers().stream().map(Peer::server).toList();
  }

  /** The status of the member with that address, if any. */
  public Optional<PeerStatus> find(String address) {
    return status().stream().filter(s -> s.address().equals(address)).findFirst();
  }

  /** A snapshot of every peer's state, primaries first. */
  public List<PeerStatus> status() {
    synchronized (lock) {
      long now = nanoClock.getAsLong();
      return allPeers().stream().map(p -> new PeerStatus(p.address(), p.server().backup(), p.conns, p.fails,
          p.effectiveWeight, p.draining, !p.unhealthy, p.id, p.weight, p.down, state(p, now), p.server())).toList();
    }
  }

  /** Removed servers that still have requests in flight (nginx Plus's {@code zombies}). */
  public int zombies() {
    synchronized (lock) {
      retired.removeIf(p -> p.conns <= 0);
      return retired.size();
    }
  }

  private static PeerStatus.State state(Peer p, long now) {
    if (p.down) {
      return PeerStatus.State.DOWN;
    }
    if (p.draining) {
      return PeerStatus.State.DRAINING;
    }
    if (p.unhealthy) {
      return PeerStatus.State.UNHEALTHY;
    }
    if (p.maxFails > 0 && p.fails >= p.maxFails && now - p.checked <= p.failTimeoutNanos) {
      return PeerStatus.State.UNAVAIL;
    }
    return PeerStatus.State.UP;
  }

  private List<Peer> allPeers() {
    PeerGroup g = Objects.requireNonNull(group.get());
    List<Peer> all = new ArrayList<>(g.primaries());
    all.addAll(g.backups());
    return all;
  }

  @Override
  public String toString() {
    return "upstream " + name;
  }
}
