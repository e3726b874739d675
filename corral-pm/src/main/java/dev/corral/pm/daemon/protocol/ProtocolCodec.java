package dev.corral.pm.daemon.protocol;

import dev.corral.pm.process.InstanceView;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CLI ↔ daemon protocol on the wire: one JSON object per line, each way, over the Unix socket, written and
 * read with {@link WireJson} on both sides (the CLI never loads Jackson).
 *
 * <pre>
 * request:  {"v":2,"cmd":"stop","args":{"target":"web"}}
 * response: {"v":2,"ok":true,"result":[…]}   or   {"v":2,"ok":false,"code":"invalid","error":"…"}
 * </pre>
 *
 * {@code args} are the request record's components; {@code result} is the reply record's components, except for
 * {@link Reply.Instances}, whose result is the list itself. A request whose {@code v} differs from {@link #VERSION}
 * is refused with code {@code version} and a message saying both versions; a client reports that instead of
 * misreading the reply. Any change to a command's arguments or result that an older peer would misread bumps the
 * version. One rule holds across versions: {@code kill} takes no arguments and answers with the list of stopped
 * instances, so a new CLI can always stop a daemon of another version.
 *
 * <p>Stateless and thread-safe.
 */
public final class ProtocolCodec {
  /**
   * The version this build speaks. 2: app specs gained {@code logDateFormat}, {@code mergeLogs} and
   * {@code readyLine} (an older daemon would drop them silently) and the {@code update} command.
   */
  public static final int VERSION = 2;
  /** Longest request or response line accepted. */
  public static final int MAX_LINE = 16 * 1024 * 1024;

  private static final Type INSTANCE_LIST = new ParameterizedType() {
    @Override
    public Type[] getActualTypeArguments() {
      return new Type[] {InstanceView.class};
    }

    @Override
    public Type getRawType() {
      return List.class;
    }

    @Override
    public Type getOwnerType() {
      return null;
    }
  };

  private ProtocolCodec() {}

  /** A reply line as read, before its result is typed: {@code version} is -1 when the line has none. */
  public record Envelope(long version, boolean ok, Object result, String code, String error) {}

  /** The request line (without its newline) of {@code request} in this build's version. */
  public static String request(Request<?> request) {
    return request(request, VERSION);
  }

  /** The request line in protocol version {@code version} (for {@code kill} to a daemon of another version). */
  public static String request(Request<?> request, int version) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("v", version);
    line.put("cmd", request.command());
    line.put("args", request);
    return WireJson.write(line);
  }

  /**
   * Reads a request line.
   *
   * @throws ProtocolException when the line is not JSON, names an unknown command, has arguments of the wrong type
   *     or value ({@link ProtocolException#INVALID}), or is of another version ({@link ProtocolException#VERSION})
   */
  public static Request<?> readRequest(String line) {
    Map<String, Object> message = object(line, "request");
    long version = message.get("v") instanceof Long v ? v : -1;
    if (version != VERSION) {
      throw new ProtocolException(ProtocolException.VERSION, "protocol version mismatch: the CLI speaks "
          + (version < 0 ? "no version" : version) + ", this daemon speaks " + VERSION
          + "; run 'corral kill' (apps are stopped) and retry");
    }
    String cmd = message.get("cmd") instanceof String s ? s : "";
    Object rawArgs = message.get("args");
    Map<String, Object> args = rawArgs == null ? Map.of() : WireJson.asObject(rawArgs);
    if (rawArgs != null && !(rawArgs instanceof Map<?, ?>)) {
      throw new ProtocolException(ProtocolException.INVALID, cmd + ": args: " + WireJson.write(rawArgs)
          + " (expected: an object)");
    }
    Class<? extends Request<?>> type = switch (cmd) {
      case "ping" -> Request.Ping.class;
      case "list" -> Request.ListInstances.class;
      case "start" -> Request.Start.class;
      case "update" -> Request.Update.class;
      case "stop" -> Request.Stop.class;
      case "restart" -> args.containsKey("env") ? Request.RestartWithEnv.class : Request.Restart.class;
      case "reload" -> Request.Reload.class;
      case "delete" -> Request.Delete.class;
      case "reset" -> Request.Reset.class;
      case "flush" -> Request.Flush.class;
      case "scale" -> Request.Scale.class;
      case "signal" -> Request.SendSignal.class;
      case "save" -> Request.Save.class;
      case "resurrect" -> Request.Resurrect.class;
      case "kill" -> Request.Kill.class;
      case "dashboard" -> Request.Dashboard.class;
      default -> throw new ProtocolException(ProtocolException.MALFORMED, "unknown daemon command '" + cmd + "'");
    };
    try {
      return WireJson.read(args, type);
    } catch (IllegalArgumentException e) {
      throw new ProtocolException(ProtocolException.INVALID, cmd + ": " + e.getMessage());
    }
  }

  /** The success line of {@code reply}. */
  public static String reply(Reply reply) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("v", VERSION);
    line.put("ok", true);
    line.put("result", reply instanceof Reply.Instances list ? list.instances() : reply);
    return WireJson.write(line);
  }

  /** The failure line with {@code code} and the one-line {@code error}. */
  public static String failure(String code, String error) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("v", VERSION);
    line.put("ok", false);
    line.put("code", code);
    line.put("error", error);
    return WireJson.write(line);
  }

  /**
   * Reads a reply line into its envelope.
   *
   * @throws ProtocolException when the line is not a JSON object
   */
  public static Envelope readReply(String line) {
    Map<String, Object> message = object(line, "reply");
    return new Envelope(message.get("v") instanceof Long v ? v : -1, Boolean.TRUE.equals(message.get("ok")),
        message.get("result"), message.get("code") instanceof String c ? c : "",
        message.get("error") instanceof String e ? e : "");
  }

  /**
   * The typed result of a successful reply to {@code request}.
   *
   * @throws ProtocolException when the result does not have the reply's shape
   */
  public static <R extends Reply> R result(Request<R> request, Object result) {
    try {
      if (request.replyType() == Reply.Instances.class) {
        @SuppressWarnings("unchecked")
        List<InstanceView> views = (List<InstanceView>) WireJson.read(result, INSTANCE_LIST, "result");
        return request.replyType().cast(new Reply.Instances(views == null ? List.of() : views));
      }
      return WireJson.read(result, request.replyType());
    } catch (IllegalArgumentException e) {
      throw new ProtocolException(ProtocolException.INVALID, "the daemon's reply to '" + request.command()
          + "' is not what this CLI expects: " + e.getMessage());
    }
  }

  private static Map<String, Object> object(String line, String what) {
    Object parsed;
    try {
      parsed = WireJson.parse(line);
    } catch (IllegalArgumentException e) {
      throw new ProtocolException(ProtocolException.MALFORMED, "not a protocol " + what + ": " + e.getMessage());
    }
    if (!(parsed instanceof Map<?, ?>)) {
      throw new ProtocolException(ProtocolException.MALFORMED, "not a protocol " + what + ": expected a JSON object");
    }
    return WireJson.asObject(parsed);
  }

  static void require(boolean ok, String field, Object value, String expected) {
    if (!ok) {
      throw new IllegalArgumentException(field + ": " + (value == null ? "missing" : WireJson.write(value))
          + " (expected: " + expected + ")");
    }
  }

  static void requireTarget(String target) {
    require(target != null && !target.isBlank(), "target", target, "an id, an app name, a namespace or all");
  }
}
