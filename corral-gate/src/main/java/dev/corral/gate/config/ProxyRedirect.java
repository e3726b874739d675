package dev.corral.gate.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code proxy_redirect REDIRECT REPLACEMENT} rule (or the one {@code default} stands for): rewrites the
 * {@code Location} and {@code Refresh} (its {@code url=} part) of an upstream answer. A text pattern matches a
 * value that starts with it (case-sensitively) and replaces that start; a regex ({@code ~} or {@code ~*}) is
 * searched in the whole value, which the replacement (with {@code $1}… captures) then replaces. Both may use
 * variables. Immutable and thread-safe.
 */
public final class ProxyRedirect {
  private final Optional<Template> prefix;
  private final Optional<Pattern> regex;
  /** The replacement's parts: a {@link Template}, or an {@link Integer} capture number. */
  private final List<Object> replacement;
  private final String source;

  private ProxyRedirect(Optional<Template> prefix, Optional<Pattern> regex, List<Object> replacement,
      String source) {
    this.prefix = prefix;
    this.regex = regex;
    this.replacement = List.copyOf(replacement);
    this.source = source;
  }

  /** A rule replacing the start {@code pattern} (a template) with {@code replacement}. */
  static ProxyRedirect prefix(Template pattern, String replacement, SourcePosition position) {
    return new ProxyRedirect(Optional.of(pattern), Optional.empty(), parts(replacement, false, position),
        pattern + " " + replacement);
  }

  /** A rule replacing a value {@code regex} is found in with {@code replacement} (captures allowed). */
  static ProxyRedirect regex(Pattern regex, String replacement, SourcePosition position) {
    return new ProxyRedirect(Optional.empty(), Optional.of(regex), parts(replacement, true, position),
        "~" + regex.pattern() + " " + replacement);
  }

  private static List<Object> parts(String text, boolean captures, SourcePosition position) {
    List<Object> parts = new ArrayList<>();
    if (!captures) {
      parts.add(Template.compile(text, position));
      return parts;
    }
    Matcher m = Pattern.compile("\\$(\\d)|\\$\\{(\\d)}").matcher(text);
    int last = 0;
    while (m.find()) {
      if (m.start() > last) {
        parts.add(Template.compile(text.substring(last, m.start()), position));
      }
      parts.add(Integer.parseInt(m.group(1) != null ? m.group(1) : m.group(2)));
      last = m.end();
    }
    if (last < text.length()) {
      parts.add(Template.compile(text.substring(last), position));
    }
    return parts;
  }

  /**
   * The value with this rule applied from index {@code from} on (0 for a Location, after {@code url=} for a
   * Refresh), or empty if the rule does not match.
   */
  public Optional<String> apply(String value, int from, Template.Resolver variables) {
    String tail = value.substring(from);
    if (prefix.isPresent()) {
      String start = prefix.get().render(variables);
      if (!tail.startsWith(start)) {
        return Optional.empty();
      }
      return Optional.of(value.substring(0, from) + render(variables, null) + tail.substring(start.length()));
    }
    Matcher m = regex.orElseThrow().matcher(tail);
    if (!m.find()) {
      return Optional.empty();
    }
    return Optional.of(value.substring(0, from) + render(variables, m));
  }

  private String render(Template.Resolver variables, Matcher captures) {
    StringBuilder out = new StringBuilder();
    for (Object part : replacement) {
      if (part instanceof Template t) {
        out.append(t.render(variables));
      } else {
        int group = (Integer) part;
        if (captures != null && group <= captures.groupCount() && captures.group(group) != null) {
          out.append(captures.group(group));
        }
      }
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return source;
  }
}
