package dev.corral.pm.daemon;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The CLI ↔ daemon protocol: one JSON object per line, each way, over the Unix socket.
 *
 * <pre>
 * request:  {"v":2,"cmd":"stop","args":{"target":"web"}}
 * response: {"v":2,"ok":true,"result":[…]}   or   {"v":2,"ok":false,"code":"unknown-target","error":"…"}
 * </pre>
 *
 * A request whose {@code v} differs from {@link #VERSION} is answered with code {@code version} and a message
 * saying both versions; the client reports that instead of misreading the reply. Any change to a command's
 * arguments or result that an older peer would misread bumps the version. One rule holds across versions:
 * {@code kill} takes no arguments and answers with the list of stopped instances, so a new CLI can always stop a
 * daemon of another version ({@link DaemonClient#killAnyVersion()}).
 */
public final class Protocol {
  /**
   * The version this build speaks. 2: app specs gained {@code logDateFormat}, {@code mergeLogs} and
   * {@code readyLine} (an older daemon would drop them silently) and the {@code update} command.
   */
  public static final int VERSION = 2;
  /** Longest request or response line accepted. */
  public static final int MAX_LINE = 16 * 1024 * 1024;

  /** Shared mapper: compact, unknown fields ignored (older peers of the same version add none). */
  public static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
      .setSerializationInclusion(JsonInclude.Include.NON_NULL);

  private Protocol() {}

  /** A request. */
  public record Request(int v, String cmd, JsonNode args) {
    /** A request of this build's version. */
    public static Request of(String cmd, JsonNode args) {
      return new Request(VERSION, cmd, args == null ? JSON.createObjectNode() : args);
    }
  }

  /** A response; {@code result} on success, {@code code} and {@code error} on failure. */
  public record Response(int v, boolean ok, JsonNode result, String code, String error) {
    public static Response success(JsonNode result) {
      return new Response(VERSION, true, result, null, null);
    }

    public static Response failure(String code, String error) {
      return new Response(VERSION, false, null, code, error);
    }
  }

  /** An empty args object. */
  public static ObjectNode args() {
    return JSON.createObjectNode();
  }
}
