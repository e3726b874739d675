package dev.corral.gate.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which upstream response headers a proxied answer does not pass on: nginx's default list (X-Pad and the
 * X-Accel-* controls nginx acts on itself; the upstream's Server is replaced by the gate's, and its Date is passed
 * because the gate writes none), plus {@code proxy_hide_header} names, minus {@code proxy_pass_header} names.
 * {@code proxy_pass_header Server} passes the upstream's Server instead of the gate's. Immutable; built with
 * {@link #of}, which works out {@link #removed()} and {@link #passesServer()} once for the response path.
 *
 * @param hide the {@code proxy_hide_header} names of the level (or of the nearest level above with either
 *     directive: nginx inherits both lists together)
 * @param pass the {@code proxy_pass_header} names of that level
 * @param removed the lower-case names removed from every proxied response, each once
 * @param passesServer whether the upstream's own Server header is passed instead of the gate's
 */
public record HiddenHeaders(List<String> hide, List<String> pass, List<String> removed, boolean passesServer) {
  /** nginx's ngx_http_proxy_hide_headers, but Date and Server (see above). */
  static final List<String> NGINX_DEFAULT = List.of("x-pad", "x-accel-expires", "x-accel-redirect",
      "x-accel-limit-rate", "x-accel-buffering", "x-accel-charset");

  /** Neither directive anywhere: nginx's default list. */
  static final HiddenHeaders DEFAULT = of(List.of(), List.of());

  public HiddenHeaders {
    hide = List.copyOf(hide);
    pass = List.copyOf(pass);
    removed = List.copyOf(removed);
  }

  /** The headers hidden with {@code hide} and {@code pass}. */
  static HiddenHeaders of(List<String> hide, List<String> pass) {
    List<String> removed = new ArrayList<>();
    for (String name : NGINX_DEFAULT) {
      addUnlessPassed(removed, name, pass);
    }
    for (String name : hide) {
      addUnlessPassed(removed, name.toLowerCase(Locale.ROOT), pass);
    }
    boolean passesServer = pass.stream().anyMatch(n -> n.equalsIgnoreCase("server"));
    return new HiddenHeaders(hide, pass, removed, passesServer);
  }

  private static void addUnlessPassed(List<String> out, String name, List<String> pass) {
    if (!out.contains(name) && pass.stream().noneMatch(n -> n.equalsIgnoreCase(name))) {
      out.add(name);
    }
  }
}
