package dev.corral.pm.daemon.protocol;

import dev.corral.pm.process.InstanceView;
import java.util.List;

/**
 * What the daemon answers a {@link Request} with, when it succeeds (a refusal is an error line instead, which the
 * client raises as a {@link dev.corral.pm.PmException}). Immutable.
 */
public sealed interface Reply {
  /** The answer to {@link Request.Ping}: the daemon's pid and protocol version. */
  record Pong(long pid, int protocol) implements Reply {}

  /** Instances, in id order: the list, or those a command acted on. */
  record Instances(List<InstanceView> instances) implements Reply {
    public Instances {
      ProtocolCodec.require(instances != null, "instances", instances, "a list");
      instances = List.copyOf(instances);
    }
  }

  /** The answer to {@link Request.Save}: where the list went and how many apps it holds. */
  record Saved(String file, int apps) implements Reply {}

  /** The answer to {@link Request.Dashboard}: the address to open (with its token, if any) and where it listens. */
  record DashboardAddress(String url, String host, int port) implements Reply {}
}
