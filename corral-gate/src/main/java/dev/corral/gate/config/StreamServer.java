package dev.corral.gate.config;

import java.util.List;

/**
 * One {@code server} block of {@code stream}: where it listens, the upstream its connections go to, and its
 * settings. Immutable.
 *
 * @param listens the {@code listen} addresses (at least one)
 * @param upstream the name of the stream upstream {@code proxy_pass} names (an implicit one for host:port)
 * @param position where the block starts, for messages
 */
public record StreamServer(List<Listen> listens, String upstream, StreamSettings settings,
    SourcePosition position) {
  public StreamServer {
    listens = List.copyOf(listens);
  }
}
