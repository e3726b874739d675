package dev.corral.gate.proxy;

import dev.corral.gate.http.RequestContext;

import dev.corral.gate.config.BalanceMethod;

/** The per-request inputs of the hashing balance methods ({@code ip_hash}, {@code hash KEY}). Stateless. */
final class BalanceKeys {
  private static final byte[] NO_ADDRESS = new byte[0];

  private BalanceKeys() {}

  /** The client's address bytes for {@code ip_hash}; empty for other methods or an unresolved address. */
  static byte[] clientAddress(UpstreamRuntime upstream, RequestContext request) {
    boolean ipHash = upstream.config().method() instanceof BalanceMethod.IpHash;
    return !ipHash || request.remote.getAddress() == null ? NO_ADDRESS : request.remote.getAddress().getAddress();
  }

  /** The rendered key for {@code hash KEY}; empty for other methods. */
  static String hashKey(UpstreamRuntime upstream, RequestContext request) {
    return upstream.config().method() instanceof BalanceMethod.Hash h ? h.key().render(request) : "";
  }
}
