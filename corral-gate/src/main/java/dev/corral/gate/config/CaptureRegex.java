package dev.corral.gate.config;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A regular expression whose groups become variables when it matches, as nginx's PCRE regexes of
 * {@code location}, {@code server_name}, {@code rewrite}, {@code if} and {@code map}: {@code $1..$9} by number,
 * and a named group {@code (?<name>…)} (also PCRE's {@code (?P<name>…)} and {@code (?'name'…)}) as {@code $name}.
 * Java's group names take no underscore, so named groups are compiled as plain groups (the numbering is the same)
 * and their names kept here, by group number. Immutable and thread-safe.
 *
 * @param source the regex as written
 * @param pattern the compiled pattern
 * @param named for each group number, the variable its name defines, or null
 */
public record CaptureRegex(String source, Pattern pattern, UserVariable[] named) {
  /**
   * Compiles {@code source}; named groups are looked up in {@link UserVariables#current()}.
   *
   * @throws ConfigException naming {@code position} with nginx's wording if the regex is invalid
   */
  public static CaptureRegex compile(String source, boolean caseless, SourcePosition position) {
    List<String> names = new ArrayList<>();
    String plain = plainGroups(source, names);
    Pattern pattern;
    try {
      pattern = Pattern.compile(plain, caseless ? Pattern.CASE_INSENSITIVE : 0);
    } catch (PatternSyntaxException e) {
      throw new ConfigException("pcre2_compile() failed: " + e.getDescription() + " in \"" + source + "\"",
          position);
    }
    UserVariable[] named = new UserVariable[names.size() + 1];
    UserVariables users = UserVariables.current();
    boolean any = false;
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i) != null) {
        named[i + 1] = users.define(names.get(i));
        any = true;
      }
    }
    return new CaptureRegex(source, pattern, any ? named : null);
  }

  /** {@code source} with each named group made a plain group; {@code names} gets one entry per group, in order. */
  private static String plainGroups(String source, List<String> names) {
    StringBuilder out = new StringBuilder(source.length());
    boolean inClass = false;
    for (int i = 0; i < source.length(); i++) {
      char c = source.charAt(i);
      if (c == '\\' && i + 1 < source.length()) {
        out.append(c).append(source.charAt(++i));
        continue;
      }
      if (inClass) {
        inClass = c != ']';
        out.append(c);
        continue;
      }
      if (c == '[') {
        inClass = true;
        if (i + 1 < source.length() && source.charAt(i + 1) == ']') {
          out.append(c).append(']');
          i++;
          continue;
        }
      }
      if (c == '(') {
        String rest = source.substring(i + 1);
        String name = null;
        int skip = 0;
        if (rest.startsWith("?<") && rest.length() > 2 && rest.charAt(2) != '=' && rest.charAt(2) != '!') {
          int end = rest.indexOf('>');
          name = rest.substring(2, end);
          skip = end + 1;
        } else if (rest.startsWith("?P<")) {
          int end = rest.indexOf('>');
          name = rest.substring(3, end);
          skip = end + 1;
        } else if (rest.startsWith("?'")) {
          int end = rest.indexOf('\'', 2);
          name = rest.substring(2, end);
          skip = end + 1;
        }
        if (name != null) {
          names.add(name);
          out.append('(');
          i += skip;
          continue;
        }
        if (!rest.startsWith("?")) {
          names.add(null);
        }
      }
      out.append(c);
    }
    return out.toString();
  }

  /** The number of groups. */
  public int groups() {
    return named == null ? pattern.matcher("").groupCount() : named.length - 1;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CaptureRegex other && other.source.equals(source)
        && other.pattern.flags() == pattern.flags();
  }

  @Override
  public int hashCode() {
    return source.hashCode();
  }

  @Override
  public String toString() {
    return source;
  }
}
