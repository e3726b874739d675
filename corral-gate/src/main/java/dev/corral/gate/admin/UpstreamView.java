package dev.corral.gate.admin;

import java.util.List;

/**
 * An upstream as the runtime API reports it, read by {@link GateAdminClient}.
 *
 * @param servers its members, primaries first
 */
public record UpstreamView(String name, List<ServerView> servers) {
  public UpstreamView {
    servers = List.copyOf(servers);
  }
}
