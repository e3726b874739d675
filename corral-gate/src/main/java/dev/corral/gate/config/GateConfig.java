package dev.corral.gate.config;

import java.util.List;
import java.util.Map;

/**
 * A whole, validated gate configuration. Built by {@link GateConfigLoader}; immutable, so a running gate can swap
 * it atomically on reload.
 *
 * @param upstreams every upstream by name, including implicit ones created for {@code proxy_pass http://host:port}
 * @param source the directive tree, for {@code -T}
 */
public record GateConfig(MainConfig main, Map<String, UpstreamConfig> upstreams, List<ServerConfig> servers,
    List<Directive> source) {
  public GateConfig {
    upstreams = Map.copyOf(upstreams);
    servers = List.copyOf(servers);
    source = List.copyOf(source);
  }

  /** The configuration printed back in nginx syntax (includes expanded). */
  public String dump() {
    StringBuilder out = new StringBuilder();
    for (Directive d : source) {
      d.appendTo(out, 0);
    }
    return out.toString();
  }
}
