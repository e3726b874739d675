package dev.corral.gate.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compiles {@code proxy_redirect}, {@code absolute_redirect}, {@code server_name_in_redirect} and
 * {@code port_in_redirect} of one level into {@link RedirectSettings}, merging as nginx does: a level without its
 * own {@code proxy_redirect} lines takes its parent's, and when there are none (and no {@code off}) a level with
 * {@code proxy_pass} gets the rule of {@code proxy_redirect default}: the {@code proxy_pass} URL replaced by the
 * location's name, or, without a URI in {@code proxy_pass}, {@code URL/} by {@code /}. Not thread-safe.
 */
final class RedirectCompiler extends FeatureCompiler<RedirectSettings> {
  static final Set<String> NAMES = Set.of("proxy_redirect", "absolute_redirect", "server_name_in_redirect",
      "port_in_redirect");

  private final RedirectSettings parent;
  private final List<ProxyRedirect> own = new ArrayList<>();
  private boolean offHere;
  private boolean off;
  private boolean absolute;
  private boolean serverName;
  private boolean port;
  /** The rule {@code default} stands for, once this level's {@code proxy_pass} is known. */
  private Optional<ProxyRedirect> defaultRule = Optional.empty();

  RedirectCompiler(RedirectSettings parent) {
    this.parent = parent;
    off = parent.proxyRedirectOff();
    absolute = parent.absoluteRedirect();
    serverName = parent.serverNameInRedirect();
    port = parent.portInRedirect();
  }

  @Override
  Set<String> names() {
    return NAMES;
  }

  @Override
  Set<String> repeatable() {
    return Set.of("proxy_redirect");
  }

  /** This level's {@code proxy_pass URL} ({@code uriGiven}: it has a URI part) in location {@code location}. */
  void proxyPass(String url, boolean uriGiven, String location, SourcePosition position) {
    defaultRule = Optional.of(uriGiven ? ProxyRedirect.prefix(Template.literal(url), location, position)
        : ProxyRedirect.prefix(Template.literal(url + "/"), "/", position));
  }

  @Override
  void apply(Directive d) {
    switch (d.name()) {
      case "absolute_redirect" -> absolute = flag(d);
      case "server_name_in_redirect" -> serverName = flag(d);
      case "port_in_redirect" -> port = flag(d);
      default -> proxyRedirect(d);
    }
  }

  private static boolean flag(Directive d) {
    Values.requireArgs(d, 1, 1);
    return Values.flag(d, d.arg(0));
  }

  private void proxyRedirect(Directive d) {
    Values.requireArgs(d, 1, 2);
    if (offHere) {
      throw duplicate(d);
    }
    if (d.args().size() == 1) {
      switch (d.arg(0)) {
        case "off" -> {
          if (!own.isEmpty()) {
            throw duplicate(d);
          }
          offHere = true;
          off = true;
          return;
        }
        case "default" -> {
          own.add(defaultRule.orElseThrow(() -> new ConfigException(
              "\"proxy_redirect default\" should be placed after the \"proxy_pass\" directive", d.position())));
          off = false;
          return;
        }
        default -> throw new ConfigException("invalid parameter \"" + d.arg(0) + "\"", d.position());
      }
    }
    String redirect = d.arg(0);
    if (redirect.startsWith("~")) {
      boolean caseless = redirect.startsWith("~*");
      String source = redirect.substring(caseless ? 2 : 1);
      try {
        own.add(ProxyRedirect.regex(Pattern.compile(source, caseless ? Pattern.CASE_INSENSITIVE : 0), d.arg(1),
            d.position()));
      } catch (PatternSyntaxException e) {
        throw new ConfigException("pcre2_compile() failed: " + e.getDescription() + " in \"" + source + "\"",
            d.position());
      }
    } else {
      own.add(ProxyRedirect.prefix(Template.compile(redirect, d.position()), d.arg(1), d.position()));
    }
    off = false;
  }

  private static ConfigException duplicate(Directive d) {
    return new ConfigException("\"proxy_redirect\" directive is duplicate", d.position());
  }

  @Override
  RedirectSettings build() {
    List<ProxyRedirect> rules = List.of();
    if (!off) {
      rules = !own.isEmpty() ? own : !parent.proxyRedirects().isEmpty() ? parent.proxyRedirects()
          : defaultRule.map(List::of).orElse(List.of());
    }
    return new RedirectSettings(rules, off, absolute, serverName, port);
  }
}
