package dev.corral.gate.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.corral.gate.balance.PeerStatus;
import dev.corral.gate.metrics.GateMetrics;
import dev.corral.gate.metrics.MetricsScrape;
import dev.corral.gate.proxy.LiveUpstream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The runtime API's routes, modelled on nginx Plus's {@code /api/9/http/upstreams}:
 *
 * <pre>
 * GET    /api/9/http/upstreams                          every upstream: {"NAME": {"peers": [...], ...}}
 * GET    /api/9/http/upstreams/NAME                     one upstream
 * GET    /api/9/http/upstreams/NAME/servers             its servers' configuration
 * POST   /api/9/http/upstreams/NAME/servers             add one: {"server": "127.0.0.1:9001", "weight": 2}
 * GET    /api/9/http/upstreams/NAME/servers/ID|ADDRESS  one server
 * PATCH  /api/9/http/upstreams/NAME/servers/ID|ADDRESS  {"weight": 3} / {"drain": true|false} / {"down": true|false}
 * DELETE /api/9/http/upstreams/NAME/servers/ID|ADDRESS  remove it; answers the servers left
 * </pre>
 *
 * and {@code GET /metrics}: the gate's Prometheus metrics ({@link GateMetrics}), Prometheus text or OpenMetrics by
 * the {@code Accept} header.
 *
 * <p>A server is named by its {@code id} or by its address. Errors are nginx Plus's JSON:
 * {@code {"error": {"status": 404, "text": "upstream \"x\" not found", "code": "UpstreamNotFound"}}}.
 *
 * <p>Thread-safety: stateless apart from the upstreams supplier; each request reads the running upstreams afresh,
 * so a reload is seen at once. Called from one virtual thread per connection.
 */
final class AdminApi {
  static final String VERSION = "9";

  private final Supplier<Map<String, LiveUpstream>> upstreams;
  private final GateMetrics metrics;
  private final ObjectMapper json = new ObjectMapper();
  private final UpstreamJson views = new UpstreamJson(json);

  /**
   * @param upstreams the running upstreams by name (the engine's, read on every request)
   * @param metrics what {@code /metrics} shows
   */
  AdminApi(Supplier<Map<String, LiveUpstream>> upstreams, GateMetrics metrics) {
    this.upstreams = upstreams;
    this.metrics = metrics;
  }

  AdminResponse handle(AdminRequest request) {
    try {
      return route(request);
    } catch (ApiError e) {
      return error(e);
    } catch (IllegalArgumentException e) { // the balancer refused a change (last server, backups only)
      return error(new ApiError(409, "UpstreamStatic", e.getMessage()));
    } catch (IllegalStateException e) { // the state file could not be written
      return error(new ApiError(500, "StateFileError", e.getMessage()));
    }
  }

  AdminResponse error(ApiError e) {
    ObjectNode body = json.createObjectNode();
    ObjectNode error = body.putObject("error");
    error.put("status", e.status);
    error.put("text", e.getMessage());
    error.put("code", e.code);
    return new AdminResponse(e.status, body.toString());
  }

  private AdminResponse route(AdminRequest request) {
    String method = request.method();
    if (request.path().equals("/metrics")) {
      requireMethod(method, "GET");
      MetricsScrape scrape = metrics.scrape(request.accept());
      return new AdminResponse(200, scrape.contentType(), scrape.body());
    }
    List<String> path = segments(request.path());
    if (path.isEmpty() || !path.get(0).equals("api")) {
      throw new ApiError(404, "PathNotFound", "path \"" + request.path() + "\" not found (the API is under /api/"
          + VERSION + "/http/upstreams, the metrics at /metrics)");
    }
    if (path.size() <= 3) {
      requireMethod(method, "GET");
      return ok(switch (path.size()) {
        case 1 -> json.createArrayNode().add(Integer.parseInt(VERSION));
        case 2 -> version(path.get(1), json.createArrayNode().add("http"));
        default -> version(path.get(1), http(path.get(2)));
      });
    }
    version(path.get(1), null);
    if (!path.get(2).equals("http") || !path.get(3).equals("upstreams")) {
      throw notFound(request.path());
    }
    if (path.size() == 4) {
      requireMethod(method, "GET");
      ObjectNode all = json.createObjectNode();
      upstreams.get().forEach((name, u) -> all.set(name, views.upstream(u)));
      return ok(all);
    }
    LiveUpstream upstream = upstream(path.get(4));
    if (path.size() == 5) {
      requireMethod(method, "GET");
      return ok(views.upstream(upstream));
    }
    if (!path.get(5).equals("servers") || path.size() > 7) {
      throw notFound(request.path());
    }
    if (path.size() == 6) {
      requireMethod(method, "GET", "POST");
      return method.equals("GET") ? ok(views.servers(upstream)) : add(upstream, request);
    }
    requireMethod(method, "GET", "PATCH", "DELETE");
    PeerStatus peer = server(upstream, path.get(6));
    return switch (method) {
      case "GET" -> ok(serverView(upstream, peer));
      case "PATCH" -> patch(upstream, peer, request);
      default -> delete(upstream, peer);
    };
  }

  private AdminResponse add(LiveUpstream upstream, AdminRequest request) {
    ServerFields.NewServer wanted = ServerFields.newServer(body(request));
    Optional<PeerStatus> added = upstream.add(wanted.server());
    if (added.isEmpty()) {
      throw new ApiError(409, "UpstreamServerExists", "server " + wanted.server().address()
          + " is already in upstream \"" + upstream.name() + "\"");
    }
    if (wanted.drain()) {
      upstream.setDraining(added.get().address(), true);
    }
    return new AdminResponse(201, serverView(upstream, refreshed(upstream, added.get())).toString());
  }

  private AdminResponse patch(LiveUpstream upstream, PeerStatus peer, AdminRequest request) {
    ServerFields.Change change = ServerFields.change(body(request));
    if (change.weight() != null) {
      upstream.setWeight(peer.address(), change.weight());
    }
    if (change.down() != null) {
      upstream.setDown(peer.address(), change.down());
    }
    if (change.drain() != null) {
      upstream.setDraining(peer.address(), change.drain());
    }
    return ok(serverView(upstream, refreshed(upstream, peer)));
  }

  private AdminResponse delete(LiveUpstream upstream, PeerStatus peer) {
    if (!upstream.remove(peer.address())) {
      throw serverNotFound(upstream, peer.address()); // removed meanwhile by another call
    }
    return ok(views.servers(upstream));
  }

  private ObjectNode serverView(LiveUpstream upstream, PeerStatus peer) {
    return views.server(refreshed(upstream, peer));
  }

  private PeerStatus refreshed(LiveUpstream upstream, PeerStatus peer) {
    return upstream.peers().stream().filter(p -> p.id() == peer.id()).findFirst()
        .orElseThrow(() -> serverNotFound(upstream, peer.address()));
  }

  private LiveUpstream upstream(String name) {
    LiveUpstream u = upstreams.get().get(name);
    if (u == null) {
      throw new ApiError(404, "UpstreamNotFound", "upstream \"" + name + "\" not found (upstreams: "
          + String.join(", ", upstreams.get().keySet()) + ")");
    }
    return u;
  }

  /** The member named by its id or its address. */
  private static PeerStatus server(LiveUpstream upstream, String key) {
    boolean byId = !key.isEmpty() && key.chars().allMatch(Character::isDigit) && key.length() < 10;
    return upstream.peers().stream()
        .filter(p -> byId ? p.id() == Integer.parseInt(key) : p.address().equals(key))
        .findFirst().orElseThrow(() -> serverNotFound(upstream, key));
  }

  private static ApiError serverNotFound(LiveUpstream upstream, String key) {
    return new ApiError(404, "UpstreamServerNotFound", "server " + key + " not found in upstream \""
        + upstream.name() + "\"");
  }

  private JsonNode body(AdminRequest request) {
    if (request.body().length == 0) {
      throw ApiError.badField("the request has no body (expected: a JSON object)");
    }
    try {
      return json.readTree(request.body());
    } catch (JsonProcessingException e) {
      throw ApiError.badField("the body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw ApiError.badField("the body cannot be read: " + e.getMessage());
    }
  }

  private static <T> T version(String version, T value) {
    if (!version.equals(VERSION)) {
      throw new ApiError(404, "UnknownVersion", "API version \"" + version + "\" not supported (expected: "
          + VERSION + ")");
    }
    return value;
  }

  private JsonNode http(String segment) {
    if (!segment.equals("http")) {
      throw notFound("/api/" + VERSION + "/" + segment);
    }
    return json.createArrayNode().add("upstreams");
  }

  private static void requireMethod(String method, String... allowed) {
    if (!Arrays.asList(allowed).contains(method)) {
      throw new ApiError(405, "MethodNotSupported", "method " + method + " not supported here (expected: "
          + String.join(", ", allowed) + ")");
    }
  }

  private static ApiError notFound(String path) {
    return new ApiError(404, "PathNotFound", "path \"" + path + "\" not found");
  }

  private static AdminResponse ok(JsonNode body) {
    return new AdminResponse(200, body.toString());
  }

  private static List<String> segments(String path) {
    List<String> out = new ArrayList<>();
    for (String s : path.split("/")) {
      if (!s.isEmpty()) {
        out.add(RequestReader.decodeSegment(s));
      }
    }
    return out;
  }
}
