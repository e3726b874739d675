package dev.corral.gate.config;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A regular expression of a {@code match} block, searched for (not anchored) as nginx's PCRE match is, over bytes:
 * the text it is tested on holds one char per byte (ISO-8859-1, as Netty decodes header values), and the pattern
 * is read the same way from its UTF-8 bytes, so a non-ASCII literal matches the same bytes it does in nginx.
 * Two instances are equal when their sources are, so an unchanged {@code match} block is an unchanged
 * configuration on reload. Immutable and thread-safe.
 *
 * @param source the regex as written in the configuration
 */
public record MatchRegex(String source, Pattern pattern) {
  /**
   * Compiles {@code source}.
   *
   * @throws PatternSyntaxException if it is not a valid regular expression
   */
  public static MatchRegex compile(String source) {
    String bytes = new String(source.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    return new MatchRegex(source, Pattern.compile(bytes));
  }

  /** Whether the pattern occurs anywhere in {@code text} (one char per byte). */
  public boolean find(CharSequence text) {
    return pattern.matcher(text).find();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MatchRegex other && other.source.equals(source);
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
