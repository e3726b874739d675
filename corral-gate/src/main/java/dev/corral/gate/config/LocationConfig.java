package dev.corral.gate.config;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A {@code location} block.
 *
 * @param regex the compiled pattern for {@link LocationMatch#REGEX} and {@link LocationMatch#REGEX_CASELESS}
 * @param settings this location's settings, merged from its parent (the server, or the enclosing location)
 * @param nested the locations inside this one, in configuration order (searched as nginx does once this one is
 *     the longest prefix or the matching regex: see {@link LocationMatcher})
 */
public record LocationConfig(LocationMatch match, String pattern, Optional<Pattern> regex, LocationHandler handler,
    ProxySettings settings, SourcePosition position, List<LocationConfig> nested) {
  public LocationConfig {
    nested = List.copyOf(nested);
  }

  /** A location without nested locations. */
  public LocationConfig(LocationMatch match, String pattern, Optional<Pattern> regex, LocationHandler handler,
      ProxySettings settings, SourcePosition position) {
    this(match, pattern, regex, handler, settings, position, List.of());
  }

  /** Whether this is a named location ({@code location @name}), reachable only by an internal redirect. */
  public boolean named() {
    return match == LocationMatch.NAMED;
  }
}
