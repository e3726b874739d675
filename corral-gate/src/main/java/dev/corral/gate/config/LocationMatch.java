package dev.corral.gate.config;

/** The modifier of a {@code location}, which decides how and in which order it is matched. */
public enum LocationMatch {
  /** {@code location = /x}: the URI equals the pattern; checked first and ends the search. */
  EXACT,
  /** {@code location ^~ /x}: a prefix that, when it is the longest prefix, stops regex matching. */
  PREFIX_NO_REGEX,
  /** {@code location /x}: a prefix; the longest wins unless a regex matches. */
  PREFIX,
  /** {@code location ~ re}: a case-sensitive regex, tried in configuration order. */
  REGEX,
  /** {@code location ~* re}: a case-insensitive regex. */
  REGEX_CASELESS,
  /**
   * {@code location @name}: never matched by a request URI; reached only by an internal redirect
   * ({@code error_page … @name}, {@code try_files … @name}). Server level only, without nested locations.
   */
  NAMED
}
