package dev.corral.gate.config;

import java.util.HashSet;
import java.util.Set;

/**
 * The locations of one level seen so far, to refuse a second one with the same name and kind as nginx does
 * ({@code duplicate location "/x"}): an exact and a prefix location may share a name, two prefixes
 * ({@code /x} and {@code ^~ /x}) may not, and regexes and named locations are not compared. Not thread-safe.
 */
final class LocationNames {
  private final Set<String> seen = new HashSet<>();

  void add(LocationConfig location, Directive d) {
    String key = switch (location.match()) {
      case EXACT -> "=" + location.pattern();
      case PREFIX, PREFIX_NO_REGEX -> " " + location.pattern();
      case NAMED, REGEX, REGEX_CASELESS -> null;
    };
    if (key != null && !seen.add(key)) {
      throw new ConfigException("duplicate location \"" + location.pattern() + "\"", d.position());
    }
  }
}
