package dev.corral.gate.config;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * A {@code map SOURCE $RESULT { … }} block: the value of {@code $RESULT} for a value of SOURCE, found in nginx's
 * order — an exact key (keys compare case-insensitively, as nginx lower-cases them), then with {@code hostnames}
 * the longest matching {@code *.suffix}/{@code .suffix} mask and then the longest {@code prefix.*} mask, then the
 * first matching regex in configuration order, then {@code default} (empty if none). Immutable and thread-safe.
 *
 * @param source the value looked up
 * @param exact exact keys, lower-cased
 * @param leading with {@code hostnames}: {@code .example.com} and {@code *.example.com} masks, by their suffix
 *     (lower case, without {@code *}); a {@code .suffix} is also an exact key without its dot
 * @param trailing with {@code hostnames}: {@code www.example.*} masks by their prefix ({@code www.example.})
 * @param regexes the {@code ~} and {@code ~*} keys in order
 * @param fallback the {@code default} value
 * @param volatileResult {@code volatile}: not cached within a request
 */
public record MapConfig(Template source, boolean hostnames, Map<String, Template> exact,
    Map<String, Template> leading, Map<String, Template> trailing, List<RegexKey> regexes, Template fallback,
    boolean volatileResult) {

  /** A regex key and its value. */
  public record RegexKey(CaptureRegex regex, Template value) {}

  /** The value template for {@code key}; a matching regex reports its groups to {@code sink} first. */
  public Template lookup(String key, CaptureSink sink) {
    String k = key;
    if (hostnames && k.endsWith(".")) {
      k = k.substring(0, k.length() - 1);
    }
    String lower = k.toLowerCase(Locale.ROOT);
    Template found = exact.get(lower);
    if (found != null) {
      return found;
    }
    if (hostnames) {
      found = longestLeading(lower);
      if (found != null) {
        return found;
      }
      found = longestTrailing(lower);
      if (found != null) {
        return found;
      }
    }
    for (RegexKey r : regexes) {
      Matcher m = r.regex().pattern().matcher(k);
      if (m.find()) {
        sink.captured(r.regex(), m);
        return r.value();
      }
    }
    return fallback;
  }

  private Template longestLeading(String name) {
    if (leading.isEmpty()) {
      return null;
    }
    // "*.example.com" and ".example.com" are stored as ".example.com" (subdomains; the bare name is an exact key).
    for (int dot = name.indexOf('.'); dot >= 0; dot = name.indexOf('.', dot + 1)) {
      Template t = leading.get(name.substring(dot));
      if (t != null) {
        return t;
      }
    }
    return null;
  }

  private Template longestTrailing(String name) {
    if (trailing.isEmpty()) {
      return null;
    }
    for (int dot = name.lastIndexOf('.'); dot >= 0; dot = name.lastIndexOf('.', dot - 1)) {
      Template t = trailing.get(name.substring(0, dot + 1));
      if (t != null) {
        return t;
      }
      if (dot == 0) {
        break;
      }
    }
    return null;
  }
}
