package dev.corral.spring.web;

import dev.corral.spring.CorralConfigException;
import dev.corral.spring.autoconfigure.CorralProperties;
import dev.corral.spring.limit.CorralLimiters;
import dev.corral.spring.limit.NamedLimiter;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import org.springframework.web.util.pattern.PatternParseException;

/**
 * One {@code corral.http.limits[i]} rule: requests whose path (without the context path) matches the pattern
 * take a permit from the limiter, under the request's key for a keyed limiter. Immutable and thread-safe.
 *
 * @param pattern the parsed path pattern
 * @param limiter the limiter
 * @param key     the request's key; null for a single limiter
 */
public record HttpLimitRule(PathPattern pattern, NamedLimiter limiter, RequestKey key) {

  /**
   * Builds the rules of {@code http} over {@code limiters}.
   *
   * @throws CorralConfigException naming the first rule property that is missing or invalid
   */
  public static List<HttpLimitRule> from(CorralProperties.Http http, CorralLimiters limiters) {
    List<HttpLimitRule> rules = new ArrayList<>();
    for (int i = 0; i < http.limits().size(); i++) {
      rules.add(build("corral.http.limits[" + i + "].", http.limits().get(i), http.trustForwarded(), limiters));
    }
    return List.copyOf(rules);
  }

  private static HttpLimitRule build(String prefix, CorralProperties.HttpLimit rule, boolean trustForwarded,
                                     CorralLimiters limiters) {
    if (rule.pattern() == null || rule.pattern().isBlank()) {
      throw new CorralConfigException(prefix + "pattern", null, "missing: expected a path pattern such as /api/**");
    }
    PathPattern pattern;
    try {
      pattern = PathPatternParser.defaultInstance.parse(rule.pattern().trim());
    } catch (PatternParseException e) {
      throw new CorralConfigException(prefix + "pattern", rule.pattern(),
          "not a path pattern (" + e.getMessage() + "); expected e.g. /api/**");
    }
    if (rule.limit() == null || rule.limit().isBlank()) {
      throw new CorralConfigException(prefix + "limit", null,
          "missing: expected the NAME of a corral.limit.NAME (declared: " + limiters.names() + ")");
    }
    NamedLimiter limiter = limiters.find(rule.limit().trim()).orElseThrow(() -> new CorralConfigException(
        prefix + "limit", rule.limit(), "no limiter corral.limit." + rule.limit().trim()
            + " (declared: " + limiters.names() + ")"));
    if (!limiter.isKeyed()) {
      if (rule.key() != null) {
        String p = "corral.limit." + limiter.name();
        throw new CorralConfigException(prefix + "key", rule.key(),
            p + " is not keyed (set " + p + ".keyed: true, or drop the key)");
      }
      return new HttpLimitRule(pattern, limiter, null);
    }
    return new HttpLimitRule(pattern, limiter, RequestKey.parse(prefix + "key", rule.key(), trustForwarded));
  }

  /** Whether the rule applies to {@code path}. */
  public boolean matches(PathContainer path) {
    return pattern.matches(path);
  }
}
