package dev.corral.gate.config;

import dev.corral.gate.tls.UpstreamTls;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Compiles the {@code proxy_*} directives of one level into {@link ProxyPassSettings}. Not thread-safe. */
final class ProxyPassCompiler extends FeatureCompiler<ProxyPassSettings> {
  static final Set<String> NAMES = Set.of("proxy_set_header", "proxy_next_upstream", "proxy_next_upstream_tries",
      "proxy_next_upstream_timeout", "proxy_connect_timeout", "proxy_read_timeout", "proxy_send_timeout",
      "proxy_http_version", "proxy_buffering", "proxy_request_buffering", "proxy_hide_header", "proxy_pass_header",
      "proxy_ignore_headers", "proxy_ssl_name", "proxy_ssl_server_name");

  /** The values nginx's {@code proxy_ignore_headers} takes. */
  private static final List<String> IGNORABLE = List.of("X-Accel-Redirect", "X-Accel-Expires",
      "X-Accel-Limit-Rate", "X-Accel-Buffering", "X-Accel-Charset", "Expires", "Cache-Control", "Set-Cookie",
      "Vary");

  private List<HeaderSetting> headers;
  private boolean headersDefinedHere;
  private Set<NextUpstream> nextUpstream;
  private int tries;
  private Duration nextTimeout;
  private Duration connectTimeout;
  private Duration readTimeout;
  private Duration sendTimeout;
  private HiddenHeaders hidden;
  private List<String> hide;
  private List<String> pass;
  private boolean followsAccelRedirect;
  private UpstreamTls upstreamTls;

  ProxyPassCompiler(ProxyPassSettings parent) {
    headers = parent.setHeaders();
    nextUpstream = parent.nextUpstream();
    tries = parent.nextUpstreamTries();
    nextTimeout = parent.nextUpstreamTimeout();
    connectTimeout = parent.connectTimeout();
    readTimeout = parent.readTimeout();
    sendTimeout = parent.sendTimeout();
    hidden = parent.hiddenHeaders();
    followsAccelRedirect = parent.followsAccelRedirect();
    upstreamTls = parent.upstreamTls();
  }

  @Override
  Set<String> names() {
    return NAMES;
  }

  @Override
  Set<String> repeatable() {
    return Set.of("proxy_set_header", "proxy_hide_header", "proxy_pass_header");
  }

  @Override
  void apply(Directive d) {
    switch (d.name()) {
      case "proxy_set_header" -> setHeader(d);
      case "proxy_next_upstream" -> nextUpstream(d);
      case "proxy_next_upstream_tries" -> {
        Values.requireArgs(d, 1, 1);
        tries = Values.integer(d, d.arg(0), 0, Integer.MAX_VALUE);
      }
      case "proxy_next_upstream_timeout" -> nextTimeout = Values.time(d);
      case "proxy_connect_timeout" -> connectTimeout = Values.time(d);
      case "proxy_read_timeout" -> readTimeout = Values.time(d);
      case "proxy_send_timeout" -> sendTimeout = Values.time(d);
      case "proxy_http_version" -> {
        Values.requireArgs(d, 1, 1);
        if (!d.arg(0).equals("1.1")) {
          throw Values.invalid(d, d.arg(0), "1.1 (corral gate always speaks HTTP/1.1 with keep-alive upstream)");
        }
      }
      case "proxy_buffering", "proxy_request_buffering" -> {
        // corral gate always streams both bodies, which is what "off" asks for; buffering is not implemented.
        Values.requireArgs(d, 1, 1);
        if (Values.flag(d, d.arg(0))) {
          throw new ConfigException("\"" + d.name() + " on\" is not supported by corral gate (bodies are always "
              + "streamed, as with \"off\")", d.position());
        }
      }
      case "proxy_hide_header", "proxy_pass_header" -> hideOrPass(d);
      case "proxy_ignore_headers" -> {
        // Without proxy_cache these headers change nothing in nginx but X-Accel-*; of those the gate acts on
        // X-Accel-Redirect, so ignoring it is what the directive changes (the others are never acted on).
        Values.requireArgs(d, 1, IGNORABLE.size());
        followsAccelRedirect = true;
        for (String h : d.args()) {
          if (IGNORABLE.stream().noneMatch(h::equalsIgnoreCase)) {
            throw new ConfigException("invalid value \"" + h + "\" in \"proxy_ignore_headers\" directive",
                d.position());
          }
          if (h.equalsIgnoreCase("X-Accel-Redirect")) {
            followsAccelRedirect = false;
          }
        }
      }
      case "proxy_ssl_name" -> {
        Values.requireArgs(d, 1, 1);
        if (d.arg(0).indexOf('$') >= 0) {
          throw Values.invalid(d, d.arg(0), "a literal name (variables in proxy_ssl_name are not supported by "
              + "corral gate)");
        }
        upstreamTls = new UpstreamTls(Optional.of(d.arg(0)), upstreamTls.serverName());
      }
      case "proxy_ssl_server_name" -> {
        Values.requireArgs(d, 1, 1);
        upstreamTls = new UpstreamTls(upstreamTls.name(), Values.flag(d, d.arg(0)));
      }
      default -> throw new IllegalStateException("unhandled proxy directive " + d.name());
    }
  }

  /** nginx inherits the hide and pass lists together: a level with either directive starts both afresh. */
  private void hideOrPass(Directive d) {
    Values.requireArgs(d, 1, 1);
    if (!Values.isHeaderName(d.arg(0))) {
      throw Values.invalid(d, d.arg(0), "a header name");
    }
    if (hide == null) {
      hide = new ArrayList<>();
      pass = new ArrayList<>();
    }
    (d.name().equals("proxy_hide_header") ? hide : pass).add(d.arg(0));
  }

  private void setHeader(Directive d) {
    Values.requireArgs(d, 2, 2);
    if (!headersDefinedHere) {
      headersDefinedHere = true;
      headers = new ArrayList<>();
    }
    String name = d.arg(0);
    if (!Values.isHeaderName(name)) {
      throw Values.invalid(d, name, "a header name");
    }
    headers.add(new HeaderSetting(name, Template.compile(d.arg(1), d.position())));
  }

  private void nextUpstream(Directive d) {
    Values.requireArgs(d, 1, 16);
    if (d.args().size() == 1 && d.arg(0).equals("off")) {
      nextUpstream = Set.of();
      return;
    }
    Set<NextUpstream> set = EnumSet.noneOf(NextUpstream.class);
    for (String arg : d.args()) {
      if (arg.equals("off")) {
        throw new ConfigException("invalid value \"off\" in \"proxy_next_upstream\" directive, \"off\" must be "
            + "the only value", d.position());
      }
      set.add(NextUpstream.parse(arg).orElseThrow(() -> Values.invalid(d, arg,
          "error, timeout, invalid_header, http_500, http_502, http_503, http_504, http_403, http_404, "
              + "http_429, non_idempotent or off")));
    }
    nextUpstream = set;
  }

  /**
   * nginx's two default lines (Host, Connection) apply at every level that does not set the same header itself:
   * a level's own lines replace the inherited ones, not those defaults.
   */
  private List<HeaderSetting> withDefaults(List<HeaderSetting> own) {
    List<HeaderSetting> all = new ArrayList<>();
    for (HeaderSetting d : ProxyPassSettings.defaults().setHeaders()) {
      if (own.stream().noneMatch(h -> h.name().equalsIgnoreCase(d.name()))) {
        all.add(d);
      }
    }
    all.addAll(own);
    return all;
  }

  @Override
  ProxyPassSettings build() {
    List<HeaderSetting> headers = headersDefinedHere ? withDefaults(this.headers) : this.headers;
    return new ProxyPassSettings(headers, nextUpstream, tries, nextTimeout, connectTimeout, readTimeout,
        sendTimeout, hide == null ? hidden : HiddenHeaders.of(hide, pass), followsAccelRedirect, upstreamTls);
  }
}
