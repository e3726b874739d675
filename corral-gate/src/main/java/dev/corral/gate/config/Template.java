package dev.corral.gate.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A string with nginx variables ({@code $name} or <code>${name}</code>), compiled once at load time so that rendering
 * is a walk over literal and variable parts. Every variable is checked against the known set when compiled, so an
 * unknown variable is a configuration error, never an empty string at run time. Immutable and thread-safe.
 */
public final class Template {
  /** The variables a template may name, besides the prefixed families in {@link #PREFIXES}. */
  static final Set<String> KNOWN = Set.of(
      "remote_addr", "remote_port", "host", "request_uri", "uri", "document_uri", "args", "query_string",
      "is_args", "request_method", "scheme", "server_name", "server_port", "server_addr", "server_protocol",
      "request", "status", "body_bytes_sent", "bytes_sent", "request_length", "request_time", "content_length",
      "content_type", "upstream_addr", "upstream_status", "upstream_response_time", "upstream_connect_time",
      "upstream_header_time", "proxy_host", "proxy_port", "proxy_add_x_forwarded_for", "time_local",
      "time_iso8601", "msec", "connection", "connection_requests", "pid", "hostname", "remote_user",
      "http_user_agent", "http_referer", "binary_remote_addr", "limit_req_status", "limit_conn_status");

  /** Variable families: {@code $http_x_foo} is the request header X-Foo, and so on. */
  static final List<String> PREFIXES = List.of("http_", "sent_http_", "cookie_", "arg_", "upstream_http_");

  private final String source;
  private final List<String> literals;
  private final List<String> variables;

  private Template(String source, List<String> literals, List<String> variables) {
    this.source = source;
    this.literals = literals;
    this.variables = variables;
  }

  /** Looks up a variable's value for one request; {@code ""} when it has none. */
  @FunctionalInterface
  public interface Resolver {
    String resolve(String variable);
  }

  /**
   * Compiles {@code text}.
   *
   * @throws ConfigException naming {@code position} if a variable is unknown or <code>${</code> is not closed
   */
  public static Template compile(String text, SourcePosition position) {
    List<String> literals = new ArrayList<>();
    List<String> variables = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c != '$' || i + 1 >= text.length()) {
        literal.append(c);
        i++;
        continue;
      }
      int start;
      int end;
      int next;
      if (text.charAt(i + 1) == '{') {
        start = i + 2;
        end = text.indexOf('}', start);
        if (end < 0) {
          throw new ConfigException("the closing bracket in \"" + text.substring(start) + "\" variable is missing",
              position);
        }
        next = end + 1;
      } else {
        start = i + 1;
        end = start;
        while (end < text.length() && isNameChar(text.charAt(end))) {
          end++;
        }
        next = end;
      }
      if (end == start) {
        literal.append(c);
        i++;
        continue;
      }
      String name = text.substring(start, end).toLowerCase(java.util.Locale.ROOT);
      if (!isKnown(name)) {
        throw new ConfigException("unknown \"" + name + "\" variable", position);
      }
      literals.add(literal.toString());
      literal.setLength(0);
      variables.add(name);
      i = next;
    }
    literals.add(literal.toString());
    return new Template(text, List.copyOf(literals), List.copyOf(variables));
  }

  /** A template with no variables. */
  public static Template literal(String text) {
    return new Template(text, List.of(text), List.of());
  }

  static boolean isKnown(String name) {
    if (KNOWN.contains(name)) {
      return true;
    }
    for (String prefix : PREFIXES) {
      if (name.startsWith(prefix) && name.length() > prefix.length()) {
        return true;
      }
    }
    return false;
  }

  private static boolean isNameChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }

  /** Renders the template, asking {@code resolver} for each variable. */
  public String render(Resolver resolver) {
    if (variables.isEmpty()) {
      return literals.get(0);
    }
    if (variables.size() == 1 && literals.get(0).isEmpty() && literals.get(1).isEmpty()) {
      // A bare "$name" (a limit zone's key, most often): its value as it is, without a copy.
      return resolver.resolve(variables.get(0));
    }
    StringBuilder out = new StringBuilder(source.length() + 32);
    for (int i = 0; i < variables.size(); i++) {
      out.append(literals.get(i)).append(resolver.resolve(variables.get(i)));
    }
    return out.append(literals.get(variables.size())).toString();
  }

  /** Whether the template has no variables (its value is fixed). */
  public boolean isConstant() {
    return variables.isEmpty();
  }

  /** The variables named, in order. */
  public List<String> variables() {
    return variables;
  }

  /** The text as written in the configuration. */
  @Override
  public String toString() {
    return source;
  }
}
