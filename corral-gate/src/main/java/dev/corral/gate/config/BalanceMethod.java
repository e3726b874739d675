package dev.corral.gate.config;

/** The balancing method of an upstream block; the default is {@link RoundRobin}. */
public sealed interface BalanceMethod {
  /** nginx's default: smooth weighted round robin. */
  record RoundRobin() implements BalanceMethod {}

  /** {@code least_conn}: fewest active connections per unit of weight, ties by round robin. */
  record LeastConn() implements BalanceMethod {}

  /** {@code ip_hash}: the first three octets of an IPv4 client address (all of IPv6). */
  record IpHash() implements BalanceMethod {}

  /** {@code hash KEY [consistent]}: Cache::Memcached hashing, or ketama when {@code consistent}. */
  record Hash(Template key, boolean consistent) implements BalanceMethod {}

  /** {@code random [two [least_conn]]}: weighted random; with {@code two}, the less loaded of two draws. */
  record Random(boolean two) implements BalanceMethod {}

  /**
   * {@code least_request} (a Corral extension): power of two choices over active requests weighted by a latency
   * EWMA, as Envoy's and Finagle's least-request balancers.
   */
  record LeastRequest() implements BalanceMethod {}
}
