package dev.corral.gate.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.corral.gate.config.UpstreamServer;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the JSON bodies of POST (a new server) and PATCH (a change) with nginx Plus's field names, checking each
 * field's type and range; a wrong one is an {@link ApiError} naming the field, its value and what was expected.
 * Stateless.
 */
final class ServerFields {
  static final Set<String> POST_FIELDS = Set.of("server", "weight", "max_conns", "max_fails", "fail_timeout",
      "slow_start", "backup", "down", "drain");
  static final Set<String> PATCH_FIELDS = Set.of("weight", "down", "drain");
  private static final Pattern TIME = Pattern.compile("(\\d+)(ms|s|m|h)?");
  private static final Pattern ADDRESS = Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9._-]+):(\\d{1,5})");

  private ServerFields() {}

  /** A change asked for by PATCH; absent fields stay as they are. */
  record Change(Integer weight, Boolean down, Boolean drain) {}

  /** The server a POST body describes, and whether it starts drained. */
  record NewServer(UpstreamServer server, boolean drain) {}

  static NewServer newServer(JsonNode body) {
    requireObject(body);
    checkNames(body, POST_FIELDS, "server, weight, max_conns, max_fails, fail_timeout, slow_start, backup, down, "
        + "drain");
    JsonNode address = body.get("server");
    if (address == null) {
      throw ApiError.badField("field \"server\" is missing (expected: \"host:port\", e.g. \"127.0.0.1:9001\")");
    }
    if (!address.isTextual()) {
      throw ApiError.badField("server: " + address + " (expected: \"host:port\")");
    }
    Matcher m = ADDRESS.matcher(address.asText());
    int port = m.matches() ? Integer.parseInt(m.group(2)) : 0;
    if (port < 1 || port > 65535) {
      throw new ApiError(400, "UpstreamBadAddress", "server: \"" + address.asText()
          + "\" (expected: host:port with a port from 1 to 65535, e.g. \"127.0.0.1:9001\")");
    }
    String host = m.group(1).startsWith("[") ? m.group(1).substring(1, m.group(1).length() - 1) : m.group(1);
    UpstreamServer defaults = UpstreamServer.of(host, port);
    UpstreamServer server = new UpstreamServer(host, port,
        integer(body, "weight", defaults.weight(), 1, 1_000_000),
        integer(body, "max_fails", defaults.maxFails(), 0, 1_000_000),
        time(body, "fail_timeout", defaults.failTimeout()),
        integer(body, "max_conns", 0, 0, Integer.MAX_VALUE),
        bool(body, "backup", false), bool(body, "down", false), time(body, "slow_start", Duration.ZERO));
    return new NewServer(server, bool(body, "drain", false));
  }

  static Change change(JsonNode body) {
    requireObject(body);
    for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (POST_FIELDS.contains(name) && !PATCH_FIELDS.contains(name)) {
        throw ApiError.badField("field \"" + name + "\" cannot be changed at run time (expected: weight, down or "
            + "drain; remove the server and add it again to change the others)");
      }
    }
    checkNames(body, PATCH_FIELDS, "weight, down, drain");
    if (body.isEmpty()) {
      throw ApiError.badField("nothing to change (expected: weight, down or drain)");
    }
    return new Change(body.has("weight") ? integer(body, "weight", 0, 1, 1_000_000) : null,
        body.has("down") ? bool(body, "down", false) : null, body.has("drain") ? bool(body, "drain", false) : null);
  }

  private static void requireObject(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw ApiError.badField("the body must be a JSON object, e.g. {\"server\":\"127.0.0.1:9001\"}");
    }
  }

  private static void checkNames(JsonNode body, Set<String> allowed, String expected) {
    for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
      String name = it.next().getKey();
      if (!allowed.contains(name)) {
        throw ApiError.badField("unknown field \"" + name + "\" (expected: " + expected + ")");
      }
    }
  }

  private static int integer(JsonNode body, String field, int absent, int min, long max) {
    JsonNode v = body.get(field);
    if (v == null) {
      return absent;
    }
    if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < min || v.asInt() > max) {
      throw ApiError.badField(field + ": " + v + " (expected: an integer from " + min + " to " + max + ")");
    }
    return v.asInt();
  }

  private static boolean bool(JsonNode body, String field, boolean absent) {
    JsonNode v = body.get(field);
    if (v == null) {
      return absent;
    }
    if (!v.isBoolean()) {
      throw ApiError.badField(field + ": " + v + " (expected: true or false)");
    }
    return v.asBoolean();
  }

  /** nginx's times as nginx Plus's API takes them: {@code "10s"}, {@code "500ms"}, {@code "1m"}, or seconds. */
  private static Duration time(JsonNode body, String field, Duration absent) {
    JsonNode v = body.get(field);
    if (v == null) {
      return absent;
    }
    if (v.isIntegralNumber() && v.asLong() >= 0) {
      return Duration.ofSeconds(v.asLong());
    }
    Matcher m = v.isTextual() ? TIME.matcher(v.asText()) : null;
    if (m == null || !m.matches() || m.group(1).length() > 9) {
      throw ApiError.badField(field + ": " + v + " (expected: a time such as \"10s\", \"500ms\" or \"1m\")");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2) == null ? "s" : m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofSeconds(n);
    };
  }
}
