package dev.corral.gate.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the location for a request URI in nginx's order: an exact ({@code =}) match wins at once; otherwise the
 * longest prefix is remembered, and if it is a {@code ^~} prefix it wins; otherwise the regular expressions are
 * tried in configuration order and the first match wins; otherwise the longest prefix wins. Immutable and
 * thread-safe.
 */
public final class LocationMatcher {
  private final List<LocationConfig> exact = new ArrayList<>();
  private final List<LocationConfig> prefixes = new ArrayList<>();
  private final List<LocationConfig> regexes = new ArrayList<>();

  /** A matcher over a server's locations. */
  public LocationMatcher(List<LocationConfig> locations) {
    for (LocationConfig location : locations) {
      switch (location.match()) {
        case EXACT -> exact.add(location);
        case PREFIX, PREFIX_NO_REGEX -> prefixes.add(location);
        case REGEX, REGEX_CASELESS -> regexes.add(location);
      }
    }
  }

  /** The location for {@code path} (the URI without its query), or empty if none matches. */
  public Optional<LocationConfig> match(String path) {
    for (LocationConfig location : exact) {
      if (location.pattern().equals(path)) {
        return Optional.of(location);
      }
    }
    LocationConfig longest = null;
    for (LocationConfig location : prefixes) {
      if (path.startsWith(location.pattern())
          && (longest == null || location.pattern().length() > longest.pattern().length())) {
        longest = location;
      }
    }
    if (longest != null && longest.match() == LocationMatch.PREFIX_NO_REGEX) {
      return Optional.of(longest);
    }
    for (LocationConfig location : regexes) {
      if (location.regex().orElseThrow().matcher(path).find()) {
        return Optional.of(location);
      }
    }
    return Optional.ofNullable(longest);
  }
}
