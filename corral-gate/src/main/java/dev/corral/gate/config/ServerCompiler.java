package dev.corral.gate.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compiles {@code server} blocks and their {@code location}s. Records each {@code proxy_pass} target so the
 * caller can check, once the whole http block is read, that every upstream it names exists. Not thread-safe.
 */
final class ServerCompiler {
  /** A {@code proxy_pass} whose target must be resolved once every upstream is known. */
  record UpstreamReference(String name, boolean portGiven, Directive directive) {}

  private final DirectiveCatalog catalog;
  private final Path prefix;
  private final Map<String, Template> logFormats;
  private final List<UpstreamReference> references = new ArrayList<>();
  private final LimitZones zones;

  ServerCompiler(DirectiveCatalog catalog, Path prefix, Map<String, Template> logFormats, LimitZones zones) {
    this.zones = zones;
    this.catalog = catalog;
    this.prefix = prefix;
    this.logFormats = logFormats;
  }

  List<UpstreamReference> references() {
    return references;
  }

  ServerConfig compile(Directive block, ProxySettings httpSettings) {
    Values.requireBlock(block, 0, 0);
    SettingsBuilder settings = new SettingsBuilder(httpSettings, prefix, logFormats, zones);
    List<Listen> listens = new ArrayList<>();
    List<String> names = new ArrayList<>();
    List<CaptureRegex> nameRegexes = new ArrayList<>();
    List<Directive> locationBlocks = new ArrayList<>();
    Directive sslListen = null;
    for (Directive d : block.children()) {
      if (settings.apply(d, false)) {
        continue;
      }
      switch (d.name()) {
        case "listen" -> {
          Listen listen = listen(d);
          listens.add(listen);
          if (listen.ssl() && sslListen == null) {
            sslListen = d;
          }
        }
        case "server_name" -> {
          Values.requireArgs(d, 1, 64);
          for (String name : d.args()) {
            if (name.startsWith("~")) {
              nameRegexes.add(CaptureRegex.compile(name.substring(1), true, d.position()));
            }
            names.add(name);
          }
        }
        case "location" -> locationBlocks.add(d);
        default -> throw catalog.misplaced(d);
      }
    }
    if (listens.isEmpty()) {
      listens.add(new Listen("*", 80, false, false, Listen.DEFAULT_BACKLOG));
    }
    if (names.isEmpty()) {
      names.add("");
    }
    ProxySettings serverSettings = settings.build();
    if (sslListen != null && serverSettings.tls().context().isEmpty()
        && !serverSettings.tls().settings().rejectHandshake()) {
      throw new ConfigException("no \"ssl_certificate\" is defined for the \"listen ... ssl\" directive",
          sslListen.position());
    }
    completeServerIfs(serverSettings.rewrite().script());
    List<LocationConfig> locations = new ArrayList<>();
    LocationNames locationNames = new LocationNames();
    for (Directive d : locationBlocks) {
      LocationConfig location = location(d, serverSettings, null);
      locationNames.add(location, d);
      locations.add(location);
    }
    return new ServerConfig(listens, names, locations, serverSettings, block.position(), nameRegexes);
  }

  /**
   * Compiles {@code location} block {@code d} inside {@code parent} (null at server level), with nginx's rules for
   * nesting: not inside an exact or a named location, a named one only at server level, and a non-regex one only
   * inside a location whose name it starts with.
   */
  private LocationConfig location(Directive d, ProxySettings parentSettings, LocationConfig parent) {
    Values.requireBlock(d, 1, 2);
    LocationMatch match;
    String pattern;
    if (d.args().size() == 2) {
      match = switch (d.arg(0)) {
        case "=" -> LocationMatch.EXACT;
        case "^~" -> LocationMatch.PREFIX_NO_REGEX;
        case "~" -> LocationMatch.REGEX;
        case "~*" -> LocationMatch.REGEX_CASELESS;
        default -> throw new ConfigException("invalid location modifier \"" + d.arg(0) + "\"", d.position());
      };
      pattern = d.arg(1);
    } else {
      String arg = d.arg(0);
      if (arg.startsWith("=")) {
        match = LocationMatch.EXACT;
        pattern = arg.substring(1);
      } else if (arg.startsWith("~*")) {
        match = LocationMatch.REGEX_CASELESS;
        pattern = arg.substring(2);
      } else if (arg.startsWith("^~")) {
        match = LocationMatch.PREFIX_NO_REGEX;
        pattern = arg.substring(2);
      } else if (arg.startsWith("~")) {
        match = LocationMatch.REGEX;
        pattern = arg.substring(1);
      } else if (arg.startsWith("@")) {
        match = LocationMatch.NAMED;
        pattern = arg;
      } else {
        match = LocationMatch.PREFIX;
        pattern = arg;
      }
    }
    Optional<Pattern> regex = Optional.empty();
    if (match == LocationMatch.REGEX || match == LocationMatch.REGEX_CASELESS) {
      try {
        regex = Optional.of(Pattern.compile(pattern, match == LocationMatch.REGEX ? 0 : Pattern.CASE_INSENSITIVE));
      } catch (PatternSyntaxException e) {
        throw new ConfigException("invalid regex \"" + pattern + "\": " + e.getDescription(), d.position());
      }
    }
    if (parent != null) {
      checkNesting(d, match, pattern, parent);
    }
    SettingsBuilder settings = new SettingsBuilder(parentSettings, prefix, logFormats, zones);
    Optional<LocationHandler> handler = Optional.empty();
    List<Directive> nestedBlocks = new ArrayList<>();
    for (Directive child : d.children()) {
      if (settings.apply(child, true)) {
        continue;
      }
      switch (child.name()) {
        case "proxy_pass" -> {
          requireNoHandler(handler, child);
          handler = Optional.of(proxyPass(child, match));
          // proxy_redirect's default rule comes from a fixed URL only (nginx has none for one with variables).
          if (handler.get() instanceof LocationHandler.ProxyPass pass) {
            settings.proxyPass(child.arg(0), pass.uri().isPresent(), pattern, child.position());
          }
        }
        case "stub_status" -> {
          requireNoHandler(handler, child);
          Values.requireArgs(child, 0, 1);
          handler = Optional.of(new LocationHandler.StubStatus());
        }
        case "location" -> nestedBlocks.add(child);
        default -> throw catalog.misplaced(child);
      }
    }
    ProxySettings locationSettings = settings.build();
    List<RewriteOp> script = locationSettings.rewrite().script();
    if (handler.isEmpty() && script.size() == 1 && script.get(0) instanceof RewriteOp.Return r) {
      // The common "location … { return …; }": answered by its content handler, with no rewrite phase to run.
      handler = Optional.of(new LocationHandler.Return(r.status(), r.text()));
      locationSettings = locationSettings.withRewrite(new RewriteSettings(List.of(), locationSettings.rewrite().log(),
          locationSettings.rewrite().uninitializedWarn()));
      script = List.of();
    }
    // The location itself (without its nested ones) is what nested locations check their nesting against.
    LocationConfig self = new LocationConfig(match, pattern, regex, new LocationHandler.Return(404, Optional.empty()),
        locationSettings, d.position());
    List<LocationConfig> nested = new ArrayList<>();
    LocationNames locationNames = new LocationNames();
    for (Directive child : nestedBlocks) {
      LocationConfig location = location(child, locationSettings, self);
      locationNames.add(location, child);
      nested.add(location);
    }
    LocationHandler h = handler.orElseGet(LocationHandler.Files::new);
    for (RewriteOp op : script) {
      if (op instanceof RewriteOp.If i) {
        completeLocationIf(i.block(), match, pattern, regex, h, locationSettings);
      }
    }
    return new LocationConfig(match, pattern, regex, h, locationSettings, d.position(), nested);
  }

  /** The directives nginx takes in an {@code if} inside a location (its "if in location" context). */
  private static final java.util.Set<String> IF_IN_LOCATION = java.util.Set.of("set", "rewrite", "return",
      "break", "rewrite_log", "uninitialized_variable_warn", "add_header", "access_log", "proxy_pass", "root",
      "expires", "error_page", "gzip", "limit_rate");

  /**
   * Makes the implicit location of an {@code if} in a location: its settings inherit the location's (all of them,
   * directives after the {@code if} included, as nginx merges), its handler is its own {@code proxy_pass} or the
   * location's.
   */
  private void completeLocationIf(IfBlock block, LocationMatch match, String pattern, Optional<Pattern> regex,
      LocationHandler parentHandler, ProxySettings parent) {
    SettingsBuilder settings = new SettingsBuilder(parent, prefix, logFormats, zones);
    Optional<LocationHandler> handler = Optional.empty();
    for (Directive child : block.directive().children()) {
      if (!IF_IN_LOCATION.contains(child.name())) {
        throw catalog.misplaced(child);
      }
      if (settings.apply(child, true)) {
        continue;
      }
      if (child.name().equals("proxy_pass")) {
        requireNoHandler(handler, child);
        handler = Optional.of(proxyPass(child, match));
        if (handler.get() instanceof LocationHandler.ProxyPass p && p.uri().isPresent()) {
          throw new ConfigException("\"proxy_pass\" cannot have URI part in location given by regular expression, "
              + "or inside named location, or inside \"if\" statement, or inside \"limit_except\" block",
              child.position());
        }
        if (handler.get() instanceof LocationHandler.ProxyPass p) {
          settings.proxyPass(child.arg(0), false, pattern, child.position());
        }
      } else {
        throw catalog.misplaced(child);
      }
    }
    ProxySettings built = settings.build();
    LocationConfig nested = new LocationConfig(match, pattern, regex, handler.orElse(parentHandler), built,
        block.directive().position());
    block.complete(built.rewrite().script(), nested);
  }

  /** The block of a server-level {@code if} takes the rewrite module's statements only. */
  private void completeServerIfs(List<RewriteOp> script) {
    for (RewriteOp op : script) {
      if (op instanceof RewriteOp.If i) {
        List<RewriteOp> body = new ArrayList<>();
        for (Directive child : i.block().directive().children()) {
          if (!RewriteCompiler.STATEMENTS.contains(child.name()) || child.name().equals("if")) {
            throw catalog.misplaced(child);
          }
          body.add(RewriteCompiler.statement(child));
        }
        i.block().complete(body, null);
      }
    }
  }

  private static void checkNesting(Directive d, LocationMatch match, String pattern, LocationConfig parent) {
    if (parent.match() == LocationMatch.EXACT) {
      throw new ConfigException("location \"" + pattern + "\" cannot be inside the exact location \""
          + parent.pattern() + "\"", d.position());
    }
    if (parent.named()) {
      throw new ConfigException("location \"" + pattern + "\" cannot be inside the named location \""
          + parent.pattern() + "\"", d.position());
    }
    if (match == LocationMatch.NAMED) {
      throw new ConfigException("named location \"" + pattern + "\" can be on the server level only",
          d.position());
    }
    boolean regex = match == LocationMatch.REGEX || match == LocationMatch.REGEX_CASELESS;
    if (!regex && !pattern.startsWith(parent.pattern())) {
      throw new ConfigException("location \"" + pattern + "\" is outside location \"" + parent.pattern() + "\"",
          d.position());
    }
  }

  private static void requireNoHandler(Optional<LocationHandler> handler, Directive d) {
    if (handler.isPresent()) {
      throw new ConfigException("\"" + d.name() + "\" conflicts with another \"proxy_pass\" or \"return\" in "
          + "this location", d.position());
    }
  }

  private LocationHandler proxyPass(Directive d, LocationMatch match) {
    Values.requireArgs(d, 1, 1);
    String url = d.arg(0);
    if (url.startsWith("https://") && url.indexOf('$') >= 0) {
      throw new ConfigException("\"proxy_pass\" to https:// with variables is not supported by corral gate yet",
          d.position());
    }
    if (url.indexOf('$') >= 0) {
      // As nginx: a URL with variables is checked when rendered (proxy_pass http:/$uri is valid for /host/path).
      return new LocationHandler.ProxyPassVariables(Template.compile(url, d.position()));
    }
    boolean tls = url.startsWith("https://");
    if (!tls && !url.startsWith("http://")) {
      throw new ConfigException("invalid URL prefix in \"" + url + "\"", d.position());
    }
    String rest = url.substring(tls ? "https://".length() : "http://".length());
    int slash = rest.indexOf('/');
    String authority = slash < 0 ? rest : rest.substring(0, slash);
    Optional<String> uri = slash < 0 ? Optional.empty() : Optional.of(rest.substring(slash));
    if (uri.isPresent() && (match == LocationMatch.REGEX || match == LocationMatch.REGEX_CASELESS
        || match == LocationMatch.NAMED)) {
      throw new ConfigException("\"proxy_pass\" cannot have URI part in location given by regular expression, "
          + "or inside named location, or inside \"if\" statement, or inside \"limit_except\" block",
          d.position());
    }
    HostPort target = HostPort.parse(d, authority, tls ? 443 : 80)
        .orElseThrow(() -> Values.invalid(d, url, "http[s]://upstream_name[/uri] or http[s]://host:port[/uri]"));
    String name = target.portGiven() ? authority : target.host();
    references.add(new UpstreamReference(name, target.portGiven(), d));
    return new LocationHandler.ProxyPass(name, uri, tls);
  }

  private static Listen listen(Directive d) {
    Values.requireArgs(d, 1, 8);
    String address = d.arg(0);
    HostPort hp;
    if (address.chars().allMatch(Character::isDigit)) {
      hp = new HostPort("*", Values.integer(d, address, 1, 65535), true);
    } else {
      hp = HostPort.parse(d, address, 80).orElseThrow(() -> Values.invalid(d, address, "[address:]port"));
    }
    boolean defaultServer = false;
    boolean reuseport = false;
    int backlog = Listen.DEFAULT_BACKLOG;
    boolean ssl = false;
    boolean http2 = false;
    for (String param : d.args().subList(1, d.args().size())) {
      if (param.equals("default_server") || param.equals("default")) {
        defaultServer = true;
      } else if (param.equals("reuseport")) {
        reuseport = true;
      } else if (param.startsWith("backlog=")) {
        backlog = Values.integer(d, param.substring(8), 1, 1 << 20);
      } else if (param.equals("ssl")) {
        ssl = true;
      } else if (param.equals("http2")) {
        http2 = true;
      } else if (param.equals("proxy_protocol") || param.equals("quic")) {
        throw new ConfigException("\"listen ... " + param + "\" is not supported by corral gate",
            d.position());
      } else {
        throw new ConfigException("invalid parameter \"" + param + "\"", d.position());
      }
    }
    if (ssl && http2) {
      throw new ConfigException("\"listen ... ssl http2\" is not supported by corral gate yet "
          + "(HTTP/2 is served as h2c with prior knowledge on plain ports only)", d.position());
    }
    String host = hp.host().equals("0.0.0.0") ? "*" : hp.host();
    return new Listen(host, hp.port(), defaultServer, reuseport, backlog, ssl, http2);
  }
}
