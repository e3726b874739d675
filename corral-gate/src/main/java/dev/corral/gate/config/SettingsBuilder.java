package dev.corral.gate.config;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Builds the {@link ProxySettings} of one level (http, server or location) from its parent's: routes each settings
 * directive to the {@link FeatureCompiler} of its feature after checking, for all of them alike, that it is
 * allowed at this level and not duplicated. Not thread-safe; used by the compiler for one level only.
 */
final class SettingsBuilder {
  /** Every settings directive, over all features. */
  static final Set<String> NAMES = Stream.of(ProxyPassCompiler.NAMES, ClientCompiler.NAMES, LogCompiler.NAMES,
      ResponseCompiler.NAMES, LimitCompiler.NAMES, FileCompiler.NAMES, ErrorPageCompiler.NAMES,
      RedirectCompiler.NAMES, UpstreamRequestCompiler.NAMES,
      RewriteCompiler.NAMES, RealIpCompiler.NAMES, GzipCompiler.NAMES, TlsCompiler.NAMES)
      .flatMap(Set::stream).collect(Collectors.toUnmodifiableSet());

  private final Set<String> seen = new HashSet<>();
  private final ProxyPassCompiler proxy;
  private final ClientCompiler client;
  private final LogCompiler logs;
  private final ResponseCompiler response;
  private final LimitCompiler limits;
  private final FileCompiler files;
  private final ErrorPageCompiler errors;
  private final RedirectCompiler redirects;
  private final UpstreamRequestCompiler upstreamRequest;
  private final RewriteCompiler rewrite;
  private final RealIpCompiler realIp;
  private final GzipCompiler gzip;
  private final TlsCompiler tls;
  private final List<FeatureCompiler<?>> features;

  SettingsBuilder(ProxySettings parent, Path prefix, Map<String, Template> logFormats, LimitZones zones) {
    proxy = new ProxyPassCompiler(parent.proxy());
    client = new ClientCompiler(parent.client());
    logs = new LogCompiler(parent.logs(), prefix, logFormats);
    response = new ResponseCompiler(parent.response());
    limits = new LimitCompiler(parent.limits(), zones);
    files = new FileCompiler(parent.files(), prefix);
    errors = new ErrorPageCompiler(parent.errors());
    redirects = new RedirectCompiler(parent.redirects());
    upstreamRequest = new UpstreamRequestCompiler(parent.upstreamRequest());
    rewrite = new RewriteCompiler(parent.rewrite());
    realIp = new RealIpCompiler(parent.realIp());
    gzip = new GzipCompiler(parent.gzip());
    tls = new TlsCompiler(parent.tls(), prefix);
    features = List.of(proxy, client, logs, response, limits, files, errors, redirects, upstreamRequest,
        rewrite, realIp, gzip, tls);
  }

  /**
   * Applies {@code d} if it is a settings directive.
   *
   * @return false if {@code d} is not a settings directive
   * @throws ConfigException if it is one but its value is invalid, duplicate or not allowed at this level
   */
  boolean apply(Directive d, boolean inLocation) {
    for (FeatureCompiler<?> feature : features) {
      if (feature.names().contains(d.name())) {
        if (inLocation ? feature.notInLocation().contains(d.name()) : feature.onlyInLocation().contains(d.name())) {
          throw new ConfigException("\"" + d.name() + "\" directive is not allowed here", d.position());
        }
        if (!feature.repeatable().contains(d.name()) && !seen.add(d.name())) {
          throw new ConfigException("\"" + d.name() + "\" directive is duplicate", d.position());
        }
        feature.apply(d);
        return true;
      }
    }
    return false;
  }

  /**
   * Tells the level's features about its {@code proxy_pass URL} ({@code uriGiven}: with a URI part) in the
   * location named {@code location}, at the point of the block where it appears ({@code proxy_redirect default}
   * must come after it).
   */
  void proxyPass(String url, boolean uriGiven, String location, SourcePosition position) {
    redirects.proxyPass(url, uriGiven, location, position);
  }

  ProxySettings build() {
    return new ProxySettings(proxy.build(), client.build(), logs.build(), response.build(), limits.build(),
        files.build(), errors.build(), redirects.build(), upstreamRequest.build(),
        rewrite.build(), realIp.build(), gzip.build(), tls.build());
  }
}
