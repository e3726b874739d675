package dev.corral.gate.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A client of a running gate's runtime API ({@code admin_listen}), for the process manager and the CLI. Each call
 * opens one connection, sends one request and reads the answer, within {@link #TIMEOUT} in all; nothing is kept
 * between calls and no thread outlives a call (no Netty either).
 *
 * <p>Typical use by a process manager, with an upstream {@code upstream app { zone app 64k; least_request; }}:
 * {@code addServer("app", "127.0.0.1:9001", 1)} once the instance is ready; before stopping it
 * {@code drain("app", address)}, then poll {@code upstream("app")} until its {@code active} is 0, then
 * {@code removeServer}.
 *
 * <p>Thread-safe (immutable). Every method throws {@link GateAdminException} with one clear line when the gate
 * cannot be reached, does not answer in time, or refuses the request.
 */
public final class GateAdminClient {
  /** The bound of one call: connect, request and answer. */
  public static final Duration TIMEOUT = Duration.ofSeconds(2);
  private static final String UPSTREAMS = "/api/" + AdminApi.VERSION + "/http/upstreams";

  private final AdminTransport transport;
  private final ObjectMapper json = new ObjectMapper();

  private GateAdminClient(AdminTransport transport) {
    this.transport = transport;
  }

  /** A client of the API on a Unix socket ({@code admin_listen unix:PATH;}). */
  public static GateAdminClient unixSocket(Path socket) {
    return new GateAdminClient(AdminTransport.unix(socket, TIMEOUT));
  }

  /** A client of the API on {@code 127.0.0.1:port} ({@code admin_listen 127.0.0.1:PORT;}). */
  public static GateAdminClient loopback(int port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port: " + port + " (expected: 1 to 65535)");
    }
    return new GateAdminClient(AdminTransport.loopback(port, TIMEOUT));
  }

  /** Every upstream and its servers, by name. */
  public List<UpstreamView> upstreams() {
    JsonNode all = call("GET", UPSTREAMS, null);
    List<UpstreamView> out = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = all.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      out.add(upstreamView(e.getKey(), e.getValue()));
    }
    return out;
  }

  /**
   * One upstream and its servers.
   *
   * @throws GateAdminException if there is no such upstream (status 404)
   */
  public UpstreamView upstream(String name) {
    return upstreamView(name, call("GET", upstreamPath(name), null));
  }

  /**
   * Adds a server with {@code weight} and the other parameters at nginx's defaults.
   *
   * @param address {@code host:port}, e.g. {@code "127.0.0.1:9001"}
   * @return the new member
   * @throws GateAdminException if the upstream is unknown, the address is malformed or already a member (409)
   */
  public ServerView addServer(String upstream, String address, int weight) {
    ObjectNode body = json.createObjectNode().put("server", address).put("weight", weight);
    JsonNode added = call("POST", upstreamPath(upstream) + "/servers", body);
    return find(upstream(upstream), added.path("id").asInt(-1), address);
  }

  /**
   * Removes a server: it gets no new requests, its in-flight ones finish, its idle connections are closed.
   *
   * @return false if the upstream has no such server
   * @throws GateAdminException if the upstream is unknown, or the server is the last of an upstream without zone
   */
  public boolean removeServer(String upstream, String address) {
    try {
      call("DELETE", serverPath(upstream, address), null);
      return true;
    } catch (GateAdminException e) {
      if (e.code().equals("UpstreamServerNotFound")) {
        return false;
      }
      throw e;
    }
  }

  /** Drains a server: no new requests, in-flight ones finish, idle connections closed; watch its {@code active}. */
  public void drain(String upstream, String address) {
    patch(upstream, address, json.createObjectNode().put("drain", true));
  }

  /** Ends a drain: the server takes new requests again. */
  public void undrain(String upstream, String address) {
    patch(upstream, address, json.createObjectNode().put("drain", false));
  }

  /** Sets a server's weight (1 or more). */
  public void setWeight(String upstream, String address, int weight) {
    patch(upstream, address, json.createObjectNode().put("weight", weight));
  }

  /** Marks a server down (no requests at all) or up again. */
  public void setDown(String upstream, String address, boolean down) {
    patch(upstream, address, json.createObjectNode().put("down", down));
  }

  private void patch(String upstream, String address, ObjectNode body) {
    call("PATCH", serverPath(upstream, address), body);
  }

  private ServerView find(UpstreamView upstream, int id, String address) {
    return upstream.servers().stream().filter(s -> s.id() == id).findFirst()
        .orElseThrow(() -> new GateAdminException("server " + address + " left upstream \"" + upstream.name()
            + "\" right after it was added", null));
  }

  private static UpstreamView upstreamView(String name, JsonNode upstream) {
    List<ServerView> servers = new ArrayList<>();
    for (JsonNode p : upstream.path("peers")) {
      servers.add(new ServerView(p.path("id").asInt(), p.path("server").asText(), p.path("state").asText(),
          p.path("active").asInt(), p.path("fails").asInt(), p.path("weight").asInt(), p.path("backup").asBoolean(),
          p.path("drain").asBoolean(), p.path("down").asBoolean()));
    }
    return new UpstreamView(name, servers);
  }

  private static String upstreamPath(String name) {
    return UPSTREAMS + "/" + segment(name);
  }

  private static String serverPath(String upstream, String address) {
    return upstreamPath(upstream) + "/servers/" + segment(address);
  }

  private static String segment(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("%3A", ":");
  }

  /**
   * The gate's metrics in the Prometheus text format ({@code GET /metrics} on the admin listener); empty when this
   * gate serves none (an older build answers 404).
   */
  public java.util.Optional<String> metricsText() {
    AdminTransport.Reply reply = transport.exchange("GET", "/metrics", new byte[0]);
    if (reply.status() == 404) {
      return java.util.Optional.empty();
    }
    if (reply.status() != 200) {
      throw new GateAdminException(transport.target() + ": GET /metrics answered " + reply.status(), reply.status(),
          "", null);
    }
    return java.util.Optional.of(new String(reply.body(), StandardCharsets.UTF_8));
  }

  private JsonNode call(String method, String path, JsonNode body) {
    byte[] bytes = body == null ? new byte[0] : body.toString().getBytes(StandardCharsets.UTF_8);
    AdminTransport.Reply reply = transport.exchange(method, path, bytes);
    JsonNode answer;
    try {
      answer = reply.body().length == 0 ? json.createObjectNode() : json.readTree(reply.body());
    } catch (IOException e) {
      throw new GateAdminException(transport.target() + " answered " + reply.status() + " with a body that is not "
          + "JSON", reply.status(), "", e);
    }
    if (reply.status() >= 300) {
      JsonNode error = answer.path("error");
      throw new GateAdminException(error.path("text").asText("HTTP " + reply.status()), reply.status(),
          error.path("code").asText(""), null);
    }
    return answer;
  }
}
