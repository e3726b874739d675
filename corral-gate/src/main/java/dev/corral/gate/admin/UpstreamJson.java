package dev.corral.gate.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.corral.gate.balance.PeerStatus;
import dev.corral.gate.config.UpstreamServer;
import dev.corral.gate.proxy.LiveUpstream;
import java.time.Duration;

/**
 * The runtime API's JSON views, with nginx Plus's field names: an upstream ({@code peers}, {@code zombies},
 * {@code zone}), a peer's state ({@code id}, {@code server}, {@code name}, {@code backup}, {@code weight},
 * {@code state}, {@code active}, {@code max_conns}, {@code fails}, plus Corral's {@code down} and {@code drain})
 * and a server's configuration ({@code id}, {@code server}, {@code weight}, {@code max_conns}, {@code max_fails},
 * {@code fail_timeout}, {@code slow_start}, {@code backup}, {@code down}, {@code drain}). Stateless.
 */
final class UpstreamJson {
  private final ObjectMapper json;

  UpstreamJson(ObjectMapper json) {
    this.json = json;
  }

  ObjectNode upstream(LiveUpstream upstream) {
    ObjectNode out = json.createObjectNode();
    ArrayNode peers = out.putArray("peers");
    for (PeerStatus p : upstream.peers()) {
      peers.add(peer(p));
    }
    out.put("zombies", upstream.zombies());
    upstream.zone().ifPresent(z -> out.put("zone", z));
    return out;
  }

  ObjectNode peer(PeerStatus p) {
    ObjectNode out = json.createObjectNode();
    out.put("id", p.id());
    out.put("server", p.address());
    out.put("name", p.address());
    out.put("backup", p.backup());
    out.put("weight", p.weight());
    out.put("state", p.state().label());
    out.put("active", p.activeConnections());
    if (p.server().maxConns() > 0) {
      out.put("max_conns", p.server().maxConns());
    }
    out.put("fails", p.fails());
    out.put("down", p.down());
    out.put("drain", p.draining());
    return out;
  }

  ArrayNode servers(LiveUpstream upstream) {
    ArrayNode out = json.createArrayNode();
    for (PeerStatus p : upstream.peers()) {
      out.add(server(p));
    }
    return out;
  }

  ObjectNode server(PeerStatus p) {
    UpstreamServer s = p.server();
    ObjectNode out = json.createObjectNode();
    out.put("id", p.id());
    out.put("server", p.address());
    out.put("weight", p.weight());
    out.put("max_conns", s.maxConns());
    out.put("max_fails", s.maxFails());
    out.put("fail_timeout", seconds(s.failTimeout()));
    out.put("slow_start", seconds(s.slowStart()));
    out.put("backup", p.backup());
    out.put("down", p.down());
    out.put("drain", p.draining());
    return out;
  }

  /** nginx Plus writes times as {@code "10s"}; a time that is not whole seconds is written in ms. */
  static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }
}
