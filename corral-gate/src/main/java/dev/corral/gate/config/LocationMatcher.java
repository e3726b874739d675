package dev.corral.gate.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the location for a request URI in nginx's order (ngx_http_core_find_location), level by level: an exact
 * ({@code =}) match wins at once, and so does a prefix equal to the whole URI; otherwise the longest prefix is
 * remembered and its nested locations are searched the same way (an exact or regex match in them wins); then,
 * unless that prefix (of this level) is a {@code ^~} one, the regular expressions of the level are tried in
 * configuration order, and the first that matches wins (after a search of its own nested locations); otherwise
 * the longest prefix (or what its nested search found) wins. Named locations
 * ({@code location @name}) are never matched by a URI: {@link #named} finds them. Immutable and thread-safe.
 */
public final class LocationMatcher {
  /** The locations of one level (a server, or the inside of one location). */
  private static final class Level {
    final List<LocationConfig> exact = new ArrayList<>();
    final List<LocationConfig> prefixes = new ArrayList<>();
    final List<LocationConfig> regexes = new ArrayList<>();

    Level(List<LocationConfig> locations, Map<LocationConfig, Level> inner) {
      for (LocationConfig location : locations) {
        switch (location.match()) {
          case EXACT -> exact.add(location);
          case PREFIX, PREFIX_NO_REGEX -> prefixes.add(location);
          case REGEX, REGEX_CASELESS -> regexes.add(location);
          case NAMED -> { }
        }
        if (!location.nested().isEmpty()) {
          inner.put(location, new Level(location.nested(), inner));
        }
      }
    }
  }

  private final Level top;
  private final Map<LocationConfig, Level> inner = new IdentityHashMap<>();
  private final Map<String, LocationConfig> named = new HashMap<>();

  /** A matcher over a server's locations (each with its nested ones). */
  public LocationMatcher(List<LocationConfig> locations) {
    top = new Level(locations, inner);
    for (LocationConfig location : locations) {
      if (location.named()) {
        named.put(location.pattern(), location);
      }
    }
  }

  /** The location for {@code path} (the URI without its query), or empty if none matches. */
  public Optional<LocationConfig> match(String path) {
    LocationConfig[] found = new LocationConfig[1];
    find(top, path, found);
    return Optional.ofNullable(found[0]);
  }

  /** The named location {@code name} (with its {@code @}), or empty if the server has none of that name. */
  public Optional<LocationConfig> named(String name) {
    return Optional.ofNullable(named.get(name));
  }

  /**
   * nginx's auto redirect: a prefix location {@code PATH/} that proxies, for the URI {@code PATH} (answered 301 to
   * {@code PATH/}, see {@link #autoRedirects}); null if the level has none.
   */
  private static LocationConfig autoRedirect(Level level, String path) {
    for (LocationConfig location : level.prefixes) {
      String p = location.pattern();
      if (p.length() == path.length() + 1 && p.endsWith("/") && p.startsWith(path) && proxies(location)) {
        return location;
      }
    }
    return null;
  }

  private static boolean proxies(LocationConfig location) {
    return location.handler() instanceof LocationHandler.ProxyPass
        || location.handler() instanceof LocationHandler.ProxyPassVariables;
  }

  /**
   * Whether {@code location}, found for {@code path}, is nginx's auto redirect: the URI is the location's name
   * without its final slash, and the location proxies; nginx then answers 301 with that slash added.
   */
  public static boolean autoRedirects(LocationConfig location, String path) {
    return (location.match() == LocationMatch.PREFIX || location.match() == LocationMatch.PREFIX_NO_REGEX)
        && location.pattern().length() == path.length() + 1 && location.pattern().startsWith(path)
        && location.pattern().endsWith("/") && proxies(location);
  }

  /** nginx's result codes of one level's search. */
  private enum Found {
    /** Nothing at this level (what an outer level found stands). */
    NONE,
    /** A prefix (kept in {@code found[0]}), and regexes may still win. */
    PREFIX,
    /** Final: an exact match or a regex. */
    FINAL
  }

  private Found find(Level level, String path, LocationConfig[] found) {
    for (LocationConfig location : level.exact) {
      if (location.pattern().equals(path)) {
        found[0] = location;
        return Found.FINAL;
      }
    }
    LocationConfig longest = null;
    for (LocationConfig location : level.prefixes) {
      if (path.startsWith(location.pattern())
          && (longest == null || location.pattern().length() > longest.pattern().length())) {
        longest = location;
      }
    }
    if (longest == null || longest.pattern().length() != path.length()) {
      LocationConfig redirecting = autoRedirect(level, path);
      if (redirecting != null) {
        found[0] = redirecting;
        return Found.FINAL;
      }
    }
    Found result = Found.NONE;
    if (longest != null) {
      found[0] = longest;
      if (longest.pattern().length() == path.length()) {
        // The URI is the prefix itself: final, as nginx's static tree ends there (no nested, no regex search).
        return Found.FINAL;
      }
      result = Found.PREFIX;
      Level nested = inner.get(longest);
      if (nested != null && find(nested, path, found) == Found.FINAL) {
        return Found.FINAL;
      }
      if (longest.match() == LocationMatch.PREFIX_NO_REGEX) {
        return Found.PREFIX;
      }
    }
    for (LocationConfig location : level.regexes) {
      if (location.regex().orElseThrow().matcher(path).find()) {
        found[0] = location;
        Level nested = inner.get(location);
        if (nested != null) {
          find(nested, path, found);
        }
        return Found.FINAL;
      }
    }
    return result;
  }
}
